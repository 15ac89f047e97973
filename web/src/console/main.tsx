import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router";
import { createConsoleApi } from "./api/client";
import { ConsoleApp } from "./App";
import { createQueryClient } from "./queryClient";
import "../shared/ui/tokens.css";
import "../shared/ui/base.css";
import "./styles.css";

// A data router (not <BrowserRouter>), so a page can hold a navigation while it has unsaved work
// (useBlocker: the cadence editor). The console's own routes are in ConsoleApp, under this one splat.
const router = createBrowserRouter([{ path: "*", element: <ConsoleApp api={createConsoleApi()} queryClient={createQueryClient()} /> }], {
  basename: "/console",
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
