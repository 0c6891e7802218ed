import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, newPage } from "./browser";
import { withTimeout } from "./cleanup";
import { startCodeServer } from "./codeServer";
import { paths } from "./paths";
import { runSuite, type SuiteCounts } from "./runSuite";

// Runs the Mocha suite of test/vscode inside the real Node extension host of code-server: the workbench
// URL payload carries extensionDevelopmentPath + extensionTestsPath, and VS Code hands the suite's exit
// code to window.codeAutomationExit. The suite takes ~20 s; a hung workbench fails after the timeout.

const suiteTimeoutMs = Number(process.env.E2E_SUITE_TIMEOUT_MS ?? 180_000);
const resultsDir = join(paths.results, "vscode");

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

async function main(): Promise<SuiteCounts> {
  const suiteIndex = join(paths.outTests, "suite", "index.js");
  if (!existsSync(suiteIndex)) throw new Error(`${suiteIndex} is missing: build the suite first (node test/e2e/build.mjs)`);
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const resultFile = join(resultsDir, "result.json");
  const logFile = join(resultsDir, "mocha.log");

  const server = await startCodeServer({
    env: { BACKPROP_LENS_E2E_RESULT: resultFile, BACKPROP_LENS_E2E_LOG: logFile },
    keepLogAs: join(resultsDir, "code-server.log"),
  });
  const workspace = await server.createWorkspace("basic");
  const page = await newPage(await launchBrowser(server.root));
  let reportExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (reportExit = resolve));
  await page.exposeFunction("codeAutomationExit", (code: unknown) => reportExit(Number(code)));
  // The workbench's console (extension-host errors among its offline-marketplace noise) goes to a file,
  // and to stderr with E2E_VERBOSE=1.
  page.on("console", (message) => {
    const line = `[${message.type()}] ${message.text()}\n`;
    appendFileSync(join(resultsDir, "workbench-console.log"), line);
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
    exitCode = await withTimeout(exited, suiteTimeoutMs, "the extension-host suite's exit (codeAutomationExit)");
  } catch (error) {
    await page.screenshot({ path: join(resultsDir, "timeout.png") }).catch(() => undefined);
    throw error;
  } finally {
    stopFollowing();
  }
  await server.stop();

  if (!existsSync(resultFile)) {
    console.error(`e2e: the suite exited with ${exitCode} without reporting results; did it load? See ${resultsDir}/workbench-console.log`);
    return { passed: 0, failed: 1 };
  }
  const counts = JSON.parse(readFileSync(resultFile, "utf8")) as SuiteCounts;
  // A non-zero exit with no failed test (no test files, a crash after the run) is still one failure.
  return exitCode !== 0 && counts.failed === 0 ? { ...counts, failed: 1 } : counts;
}

runSuite("vscode", suiteTimeoutMs + 120_000, main);
