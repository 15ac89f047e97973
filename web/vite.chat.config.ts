import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The customer chat page, built into the ASP.NET app's static files; the app serves index.html at
// /c/{token} with the page's data in place of "__LO_BOOT__" (ChatPage.cs).
// root is relative to web/ (npm runs scripts there), outDir relative to root.
export default defineConfig({
  plugins: [react()],
  root: "chat",
  base: "/app/",
  build: {
    outDir: "../../src/LeadOrchestrator/wwwroot/app",
    emptyOutDir: true,
    target: "es2022",
    // One small bundle: a phone on a slow network makes one request for the script.
    assetsInlineLimit: 0,
  },
});
