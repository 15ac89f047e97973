/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Built into the ASP.NET app's static files; the app serves index.html at /c/{token} with the page's data.
export default defineConfig({
  plugins: [react()],
  base: "/app/",
  build: {
    outDir: "../src/LeadOrchestrator/wwwroot/app",
    emptyOutDir: true,
    target: "es2022",
    // One small bundle: a phone on a slow network makes one request for the script.
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
