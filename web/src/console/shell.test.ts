// The console's shell (console/index.html) is served with a strict Content-Security-Policy
// (StaffConsolePage.cs): script-src 'self' and style-src 'self', nothing inline. Vite only adds a
// <script src> and a <link rel="stylesheet"> to it, so what is written here is what the browser gets.
import { describe, expect, it } from "vitest";
import shell from "../../console/index.html?raw";

const page = new DOMParser().parseFromString(shell, "text/html");

describe("the console's shell under its CSP", () => {
  it("has no inline script: every script is a file", () => {
    expect(page.querySelectorAll("script").length).toBeGreaterThan(0);
    for (const script of page.querySelectorAll("script")) {
      expect(script.getAttribute("src")).toBeTruthy();
      expect(script.textContent?.trim()).toBe("");
    }
  });

  it("has no inline styles, no event handler attributes and no javascript: links", () => {
    expect(page.querySelectorAll("style")).toHaveLength(0);
    const elements = [...page.querySelectorAll("*")];
    expect(elements.filter((e) => e.hasAttribute("style")).map((e) => e.outerHTML)).toEqual([]);
    const handlers = elements.flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith("on")).map((a) => `${e.tagName} ${a.name}`));
    expect(handlers).toEqual([]);
    const urls = elements.flatMap((e) => ["href", "src", "action"].map((name) => e.getAttribute(name) ?? ""));
    expect(urls.filter((u) => /^\s*javascript:/i.test(u))).toEqual([]);
  });

  it("takes nothing from another origin (only data: for the empty icon, which img-src allows)", () => {
    const urls = [...page.querySelectorAll("[href], [src]")].map((e) => e.getAttribute("href") ?? e.getAttribute("src")!);
    expect(urls.filter((u) => /^(https?:)?\/\//i.test(u))).toEqual([]);
    for (const link of page.querySelectorAll('link[href^="data:"]')) expect(link.getAttribute("rel")).toBe("icon");
  });
});
