import { appendFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { format } from "node:util";
import Mocha from "mocha";

/** Pass/fail counts the runner reads back from the extension host. */
export interface SuiteResult {
  passed: number;
  failed: number;
}

/**
 * Entry point VS Code calls inside the extension host (extensionTestsPath): runs every bundled
 * *.test.js beside this file. Rejecting makes VS Code report exit code 1 to the runner.
 */
export async function run(): Promise<void> {
  // The runner sets these paths in code-server's environment, which the extension host inherits.
  const resultFile = process.env.BACKPROP_LENS_E2E_RESULT;
  const logFile = process.env.BACKPROP_LENS_E2E_LOG;
  if (logFile) teeReporterOutput(logFile);
  const mocha = new Mocha({ ui: "tdd", color: false, timeout: 30_000, reporter: "spec" });
  const files = readdirSync(__dirname).filter((f) => f.endsWith(".test.js")).sort();
  for (const file of files) mocha.addFile(join(__dirname, file));
  const result = await new Promise<SuiteResult>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  if (resultFile) writeFileSync(resultFile, JSON.stringify(result));
  if (files.length === 0) throw new Error(`no *.test.js files in ${__dirname}`);
  if (result.failed > 0) throw new Error(`${result.failed} of ${result.passed + result.failed} tests failed`);
}

/**
 * Copies the reporter's output to a file the runner prints: the extension host's console reaches the
 * page only as unformatted "%c"/"%s" fragments.
 */
function teeReporterOutput(logFile: string): void {
  const toConsole = Mocha.reporters.Base.consoleLog;
  writeFileSync(logFile, "");
  Mocha.reporters.Base.consoleLog = (...data: unknown[]) => {
    appendFileSync(logFile, `${format(...data)}\n`);
    toConsole(...data);
  };
}
