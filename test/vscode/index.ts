import { appendFileSync, writeFileSync } from "node:fs";
import { format } from "node:util";
import Mocha from "mocha";
import * as vscode from "vscode";
import { extensionHostTests, TRUST_ENV, type TrustPass } from "../e2e/testFiles";

/** Pass/fail counts the runner reads back from the extension host. */
export interface SuiteResult {
  passed: number;
  failed: number;
}

/**
 * Entry point VS Code calls inside the extension host (extensionTestsPath): runs the bundled *.test.js
 * files at any depth below this file. The runner's untrusted pass (BACKPROP_LENS_E2E_TRUST=untrusted)
 * runs only *.untrusted.test.js, every other pass all the rest. Rejecting makes VS Code report exit code 1.
 */
export async function run(): Promise<void> {
  // The runner sets these in code-server's environment, which the extension host inherits.
  const resultFile = process.env.BACKPROP_LENS_E2E_RESULT;
  const logFile = process.env.BACKPROP_LENS_E2E_LOG;
  const pass: TrustPass = process.env[TRUST_ENV] === "untrusted" ? "untrusted" : "trusted";
  if (logFile) teeReporterOutput(logFile);
  const report = (result: SuiteResult): void => {
    if (resultFile) writeFileSync(resultFile, JSON.stringify(result));
  };

  // A pass whose workspace trust is not what its tests assume would pass or fail for the wrong reason.
  const trusted = vscode.workspace.isTrusted;
  if (trusted !== (pass === "trusted")) {
    Mocha.reporters.Base.consoleLog(`e2e: the ${pass} pass opened a workspace with vscode.workspace.isTrusted === ${trusted}`);
    report({ passed: 0, failed: 1 });
    throw new Error(`the ${pass} pass needs vscode.workspace.isTrusted === ${!trusted}`);
  }

  const files = extensionHostTests(__dirname, pass);
  if (files.length === 0) {
    report({ passed: 0, failed: 1 });
    throw new Error(`no ${pass === "untrusted" ? "*.untrusted.test.js" : "*.test.js"} files under ${__dirname}`);
  }
  const mocha = new Mocha({ ui: "tdd", color: false, timeout: 30_000, reporter: "spec" });
  for (const file of files) mocha.addFile(file);
  const result = await new Promise<SuiteResult>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  report(result);
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
