import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { createConsoleApi } from "./api/client";
import { ConsoleApp } from "./App";
import { createQueryClient } from "./queryClient";
import "../shared/ui/tokens.css";
import "../shared/ui/base.css";
import "./styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <BrowserRouter basename="/console">
      <ConsoleApp api={createConsoleApi()} queryClient={createQueryClient()} />
    </BrowserRouter>
  </StrictMode>,
);
