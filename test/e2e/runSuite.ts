import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exitAfterCleanup, stopAll } from "./cleanup";
import { paths } from "./paths";

/** What a suite reports back: test counts, from the suite's own runner. */
export interface SuiteCounts {
  passed: number;
  failed: number;
}

/** The one machine-readable line per suite that CI adds up (`e2e-summary: suite=NAME passed=N failed=M`). */
export function summaryLine(suite: string, counts: SuiteCounts): string {
  return `e2e-summary: suite=${suite} passed=${counts.passed} failed=${counts.failed}`;
}

/** Writes test-results/SUITE.summary.json, which .ci/run adds up. */
function writeSummaryFile(suite: string, counts: SuiteCounts): void {
  mkdirSync(paths.results, { recursive: true });
  writeFileSync(join(paths.results, `${suite}.summary.json`), `${JSON.stringify({ suite, ...counts })}\n`);
}

/**
 * Runs a suite's body as the whole process: stops everything it started, prints the summary line and
 * exits non-zero on any failure. A body that throws or outlives `deadlineMs` counts as one failure.
 */
export function runSuite(suite: string, deadlineMs: number, body: () => Promise<SuiteCounts>): void {
  // Until the suite reports, it counts as one failure: a run killed from outside is not lost from the total.
  writeSummaryFile(suite, { passed: 0, failed: 1 });
  let reported = false;
  const finish = async (counts: SuiteCounts, reason?: string): Promise<never> => {
    if (reported) process.exit(1);
    reported = true;
    if (reason) console.error(`e2e: ${reason}`);
    await stopAll();
    console.log(summaryLine(suite, counts));
    writeSummaryFile(suite, counts);
    return exitAfterCleanup(counts.failed > 0 ? 1 : 0);
  };
  setTimeout(
    () => void finish({ passed: 0, failed: 1 }, `suite ${suite} did not finish within ${Math.round(deadlineMs / 1000)} s`),
    deadlineMs,
  ).unref();
  body().then(
    (counts) => finish(counts),
    (error: unknown) => finish({ passed: 0, failed: 1 }, error instanceof Error ? (error.stack ?? error.message) : String(error)),
  );
}
