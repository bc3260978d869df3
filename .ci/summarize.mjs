// Prints vitest's totals as "N passed, N failed" alone on a line (what CI reads), summed over the
// runs given as `label=report.json` (one per Node version), after one line per run on stderr;
// fails when a report is missing or a run ran no test at all.
import { readFileSync } from "node:fs";

const runs = process.argv.slice(2).map((arg) => {
  const at = arg.indexOf("=");
  return at < 0 ? { label: arg, path: arg } : { label: arg.slice(0, at), path: arg.slice(at + 1) };
});
let passed = 0;
let failed = 0;
let skipped = 0;
let ok = runs.length > 0;
for (const { label, path } of runs) {
  let report;
  try {
    report = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    console.error(`summarize: ${label}: cannot read vitest report ${path}: ${error.message}`);
    failed += 1;
    ok = false;
    continue;
  }
  const p = report.numPassedTests ?? 0;
  const f = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  const s = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.error(`summarize: ${label}: passed ${p}, failed ${f}, skipped ${s}`);
  if (report.numTotalTests === 0 || p === 0) {
    console.error(`summarize: ${label}: no test ran`);
    ok = false;
  }
  if (f > 0 || report.success === false) ok = false;
  passed += p;
  failed += f;
  skipped += s;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(ok && failed === 0 ? 0 : 1);
