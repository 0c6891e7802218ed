import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { launchBrowser, newPage } from "./browser";
import { withTimeout } from "./cleanup";
import { startCodeServer, type CodeServer } from "./codeServer";
import { paths } from "./paths";
import { runSuite, type SuiteCounts } from "./runSuite";
import { extensionHostTests, TRUST_ENV, type TrustPass } from "./testFiles";

// Runs the Mocha suite of test/vscode inside the real Node extension host of code-server: the workbench
// URL payload carries extensionDevelopmentPath + extensionTestsPath, and VS Code hands the suite's exit
// code to window.codeAutomationExit. Two passes, each with its own code-server: every *.test.ts in a
// trusted workspace (Workspace Trust off), then the *.untrusted.test.ts files in a workspace opened with
// Workspace Trust on and not trusted. Their counts add up to the suite's. A pass takes ~20 s; a hung
// workbench fails it after the timeout.

const suiteTimeoutMs = Number(process.env.E2E_SUITE_TIMEOUT_MS ?? 180_000);
const resultsDir = join(paths.results, "vscode");
const passes: readonly TrustPass[] = ["trusted", "untrusted"];

/** Prints what a growing file gains, every 250 ms, until the returned function is called (which prints the rest). */
function followFile(file: string): () => void {
  let printed = 0;
  const printNew = (): void => {
    if (!existsSync(file)) return;
    const text = readFileSync(file, "utf8");
    if (text.length > printed) process.stdout.write(text.slice(printed));
    printed = Math.max(printed, text.length);
  };
  const timer = setInterval(printNew, 250);
  return () => {
    clearInterval(timer);
    printNew();
  };
}

/** Runs one pass in its own code-server; its files go to test-results/vscode (untrusted: .../untrusted). */
async function runPass(pass: TrustPass, suiteIndex: string): Promise<SuiteCounts> {
  const passDir = pass === "trusted" ? resultsDir : join(resultsDir, pass);
  mkdirSync(passDir, { recursive: true });
  const resultFile = join(passDir, "result.json");
  const logFile = join(passDir, "mocha.log");
  const started = Date.now();
  console.log(`e2e: vscode ${pass} pass (${pass === "trusted" ? "Workspace Trust off" : "Workspace Trust on, folder not trusted"})`);

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer({
      env: { BACKPROP_LENS_E2E_RESULT: resultFile, BACKPROP_LENS_E2E_LOG: logFile, [TRUST_ENV]: pass },
      keepLogAs: join(passDir, "code-server.log"),
      workspaceTrust: pass === "untrusted",
    });
    const workspace = await server.createWorkspace("basic");
    browser = await launchBrowser(server.root);
    const page = await newPage(browser);
    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction("codeAutomationExit", (code: unknown) => reportExit(Number(code)));
    // The workbench's console (extension-host errors among its offline-marketplace noise) goes to a file,
    // and to stderr with E2E_VERBOSE=1.
    page.on("console", (message) => {
      const line = `[${message.type()}] ${message.text()}\n`;
      appendFileSync(join(passDir, "workbench-console.log"), line);
      if (process.env.E2E_VERBOSE) process.stderr.write(line);
    });

    const payload = [
      ["extensionDevelopmentPath", server.remoteUri(paths.repo)],
      ["extensionTestsPath", server.remoteUri(suiteIndex)],
    ] as const;
    await page.goto(server.workbenchUrl(workspace, payload));
    const stopFollowing = followFile(logFile);
    let exitCode: number;
    try {
      exitCode = await withTimeout(exited, suiteTimeoutMs, `the ${pass} pass's exit (codeAutomationExit)`);
    } catch (error) {
      await page.screenshot({ path: join(passDir, "timeout.png") }).catch(() => undefined);
      throw error;
    } finally {
      stopFollowing();
    }

    if (!existsSync(resultFile)) {
      console.error(`e2e: the ${pass} pass exited with ${exitCode} without reporting results; did it load? See ${passDir}/workbench-console.log`);
      return { passed: 0, failed: 1 };
    }
    const counts = JSON.parse(readFileSync(resultFile, "utf8")) as SuiteCounts;
    // A non-zero exit with no failed test (no test files, a crash after the run) is still one failure.
    return exitCode !== 0 && counts.failed === 0 ? { ...counts, failed: 1 } : counts;
  } catch (error) {
    // One pass failing to run is one failure; the other pass still runs.
    console.error(`e2e: the ${pass} pass failed to run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { passed: 0, failed: 1 };
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    console.log(`e2e: vscode ${pass} pass done in ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

async function main(): Promise<SuiteCounts> {
  const suiteDir = join(paths.outTests, "suite");
  const suiteIndex = join(suiteDir, "index.js");
  if (!existsSync(suiteIndex)) throw new Error(`${suiteIndex} is missing: build the suite first (node test/e2e/build.mjs)`);
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });

  const total: SuiteCounts = { passed: 0, failed: 0 };
  for (const pass of passes) {
    // The trusted pass always runs (its index.js fails it when it finds no tests); the untrusted one only when it has tests.
    if (pass === "untrusted" && extensionHostTests(suiteDir, pass).length === 0) continue;
    const counts = await runPass(pass, suiteIndex);
    console.log(`e2e: vscode ${pass} pass: passed=${counts.passed} failed=${counts.failed}`);
    total.passed += counts.passed;
    total.failed += counts.failed;
  }
  return total;
}

runSuite("vscode", passes.length * (suiteTimeoutMs + 60_000) + 60_000, main);
