// `npm run size`: the chat page's built bundle, gzipped at the highest level (as a static host would send it),
// against its budget. The customer opens the page on a phone, often on a slow network: 120 KB is about
// 0.6 s at 1.6 Mbit/s (docs/performance.md). Run after `npm run build`; exits 1 over budget.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, constants } from "node:zlib";

const budgetKb = 120;
const dir = new URL("../../src/LeadOrchestrator/wwwroot/app/assets/", import.meta.url).pathname;
let files;
try {
  files = readdirSync(dir).filter((f) => f.endsWith(".js") || f.endsWith(".css"));
} catch {
  console.error(`No bundle in ${dir}: run "npm run build" first.`);
  process.exit(1);
}
if (files.length === 0) {
  console.error(`No bundle in ${dir}: run "npm run build" first.`);
  process.exit(1);
}
let total = 0;
for (const file of files) {
  const raw = readFileSync(join(dir, file));
  const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION }).length;
  total += gz;
  console.log(`${file.padEnd(28)} ${(raw.length / 1024).toFixed(1).padStart(7)} KB raw ${(gz / 1024).toFixed(1).padStart(6)} KB gzip`);
}
const kb = total / 1024;
console.log(`total ${kb.toFixed(1)} KB gzip, budget ${budgetKb} KB: ${kb <= budgetKb ? "ok" : "OVER"}`);
process.exit(kb <= budgetKb ? 0 : 1);
