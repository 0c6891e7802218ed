// Totals every suite's results into the one line CI reads: "N passed, M failed".
// Sources: vitest's JSON report (test-results/vitest.json) and the e2e runners' summary files
// (test-results/*.summary.json, each {"suite", "passed", "failed"}).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? "test-results";
let passed = 0;
let failed = 0;
const vitest = join(dir, "vitest.json");
if (existsSync(vitest)) {
  const r = JSON.parse(readFileSync(vitest, "utf8"));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  // A test file that fails to load has no failed tests of its own: count it once.
  if ((r.numFailedTests ?? 0) === 0) failed += r.numFailedTestSuites ?? 0;
  if ((r.numTotalTests ?? 0) === 0) failed += 1;
} else {
  failed += 1;
  console.error("ci: no vitest report (the unit tests did not run)");
}
if (existsSync(dir)) {
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".summary.json"))) {
    const s = JSON.parse(readFileSync(join(dir, f), "utf8"));
    passed += s.passed ?? 0;
    failed += s.failed ?? 0;
  }
}
console.log(`${passed} passed, ${failed} failed`);
