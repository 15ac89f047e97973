// `npm run size`: the built bundles, gzipped at the highest level (as a static host would send them).
// The chat page has a budget: the customer opens it on a phone, often on a slow network, and 120 KB is
// about 0.6 s at 1.6 Mbit/s (docs/performance.md); over it, this exits 1. The staff console's size is
// printed for information only: staff sign in once a day on the shop's Wi-Fi, and it loads by route.
// Run after `npm run build`.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, constants } from "node:zlib";

const chatBudgetKb = 120;

/** Prints each script and stylesheet of one app's assets folder; returns the gzipped total in KB, or null without a build. */
function report(app) {
  const dir = new URL(`../../src/LeadOrchestrator/wwwroot/${app}/assets/`, import.meta.url).pathname;
  let files;
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".js") || f.endsWith(".css"));
  } catch {
    files = [];
  }
  if (files.length === 0) {
    console.error(`No bundle in ${dir}: run "npm run build" first.`);
    return null;
  }
  console.log(`${app}:`);
  let total = 0;
  for (const file of files.sort()) {
    const raw = readFileSync(join(dir, file));
    const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION }).length;
    total += gz;
    console.log(`  ${file.padEnd(32)} ${(raw.length / 1024).toFixed(1).padStart(7)} KB raw ${(gz / 1024).toFixed(1).padStart(6)} KB gzip`);
  }
  return total / 1024;
}

const chatKb = report("app");
if (chatKb === null) process.exit(1);
console.log(`chat total ${chatKb.toFixed(1)} KB gzip, budget ${chatBudgetKb} KB: ${chatKb <= chatBudgetKb ? "ok" : "OVER"}`);

const consoleKb = report("console");
if (consoleKb !== null) console.log(`console total ${consoleKb.toFixed(1)} KB gzip, all routes (information; no budget)`);

process.exit(chatKb <= chatBudgetKb && consoleKb !== null ? 0 : 1);
