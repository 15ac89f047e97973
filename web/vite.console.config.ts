import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The staff console, served by the ASP.NET app at /console/* (index.html for every route). Unlike the chat
// page it may split: each route's screen is its own chunk, loaded when first opened.
// root is relative to web/ (npm runs scripts there), outDir relative to root.
export default defineConfig({
  plugins: [react()],
  root: "console",
  base: "/console/",
  build: {
    outDir: "../../src/LeadOrchestrator/wwwroot/console",
    emptyOutDir: true,
    target: "es2022",
    // The shell's CSP has font-src 'self' (no data:), so a font is never inlined; small images may be
    // (img-src allows data:).
    assetsInlineLimit: (file) => (/\.(woff2?|ttf|otf|eot)$/i.test(file) ? false : undefined),
  },
  // `npm run dev:console`: the console with hot reload against `dotnet run` (launchSettings: port 5080).
  // The browser sees one origin, so the strict staff cookie and the same-origin check both hold.
  server: {
    proxy: { "/api": "http://localhost:5080" },
  },
});
