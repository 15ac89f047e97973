import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "../shared/ui/tokens.css";
import "../shared/ui/base.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <main>
      <h1>Lead Orchestrator</h1>
    </main>
  </StrictMode>,
);
