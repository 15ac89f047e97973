import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ChatApi } from "./api";
import { App } from "./App";
import { LinkProblem } from "./components/LinkProblem";
import { applyLanguage, WordsProvider } from "./i18n";
import type { Boot } from "./types";
import "../shared/ui/tokens.css";
import "../shared/ui/base.css";
import "./styles.css";

/** The page's data, put there by the server (ChatPage.cs); absent when the page was opened some other way. */
function readBoot(): Boot | null {
  try {
    const data: unknown = JSON.parse(document.getElementById("lo-boot")?.textContent ?? "null");
    return data && typeof data === "object" && "leadId" in data ? (data as Boot) : null;
  } catch {
    return null;
  }
}

/** The signed link token from /c/{token}: the API's bearer token. */
const token = /^\/c\/([A-Za-z0-9_-]+)\/?$/.exec(window.location.pathname)?.[1] ?? null;
const boot = readBoot();

// Before the first render: index.html says lang="en", and a Spanish page must not be read with an English voice.
applyLanguage(boot?.context?.language);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    {boot && token ? (
      <App boot={boot} api={new ChatApi(boot.leadId, token)} />
    ) : (
      <WordsProvider language={boot?.context?.language}>
        <LinkProblem location={null} />
      </WordsProvider>
    )}
  </StrictMode>,
);
