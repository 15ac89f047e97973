// The chat page is a customer's one-file, phone-first bundle: it may use src/shared but nothing from
// src/console (the router, react-query and the console's screens would ride along into its budget).
import { describe, expect, it } from "vitest";

// Every source file of the chat page, as text (Vite reads them at test time; no Node typings needed).
// This file is left out: its own example below imports console code on purpose.
const sources = import.meta.glob<string>(["./**/*.ts", "./**/*.tsx", "!./imports.test.ts"], { query: "?raw", import: "default", eager: true });

const specifier = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;

/** The import paths in a file's text, resolved against the file's folder under src/chat. */
function importsOf(file: string, text: string): string[] {
  const base = new URL(file, "https://x/src/chat/");
  return [...text.matchAll(specifier)].map((m) => {
    const path = m[1]!;
    return path.startsWith(".") || path.startsWith("/") ? new URL(path, base).pathname : path;
  });
}

const intoConsole = (path: string) => path.startsWith("/src/console/") || path === "/src/console";

describe("the chat page's imports", () => {
  it("sees the chat page's files", () => {
    // Guards the glob: an empty list would pass the real check below without looking at anything.
    expect(Object.keys(sources)).toEqual(expect.arrayContaining(["./App.tsx", "./main.tsx", "./components/Composer.tsx"]));
  });

  it("recognises an import of console code, however it is written", () => {
    const text = `import { a } from "../console/api/client";\nimport "../console/styles.css";\nconst b = await import('../console/routes');`;
    expect(importsOf("./X.tsx", text).filter(intoConsole)).toEqual(["/src/console/api/client", "/src/console/styles.css", "/src/console/routes"]);
  });

  it("has no file that imports from src/console", () => {
    const offenders = Object.entries(sources).flatMap(([file, text]) =>
      importsOf(file, text)
        .filter(intoConsole)
        .map((path) => `${file} imports ${path}`),
    );
    expect(offenders).toEqual([]);
  });
});
