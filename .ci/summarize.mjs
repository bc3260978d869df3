// Prints vitest's totals as "N passed, N failed" alone on a line (what CI reads), and fails when
// the report is missing or no test ran at all.
import { readFileSync } from "node:fs";

const path = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(path, "utf8"));
} catch (error) {
  console.error(`summarize: cannot read vitest report ${path}: ${error.message}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (report.numTotalTests === 0 || passed === 0) {
  console.error("summarize: no test ran");
  process.exit(1);
}
process.exit(failed > 0 || report.success === false ? 1 : 0);
