import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTests, TestRunFailedError } from "@vscode/test-electron";
import { track } from "./cleanup";
import { paths } from "./paths";
import { runSuite, type SuiteCounts } from "./runSuite";

// The standard @vscode/test-electron runner, for contributors who are online: it downloads desktop VS Code
// from Microsoft's update server, which CI here cannot reach, so CI runs the same suite in code-server
// (runVscodeTests.ts) instead.

const resultsDir = join(paths.results, "electron");

async function main(): Promise<SuiteCounts> {
  const suiteIndex = join(paths.outTests, "suite", "index.js");
  if (!existsSync(suiteIndex)) throw new Error(`${suiteIndex} is missing: build the suite first (node test/e2e/build.mjs)`);
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const resultFile = join(resultsDir, "result.json");
  const scratch = await mkdtemp(join(tmpdir(), "backprop-lens-electron-"));
  track({
    name: "electron scratch folder",
    stop: () => rm(scratch, { recursive: true, force: true }),
    killNow: () => rmSync(scratch, { recursive: true, force: true }),
  });
  const workspace = join(scratch, "workspace");
  await cp(join(paths.workspaces, "basic"), workspace, { recursive: true });

  const exitCode = await runTests({
    version: "1.100.3",
    extensionDevelopmentPath: paths.repo,
    extensionTestsPath: suiteIndex,
    extensionTestsEnv: { BACKPROP_LENS_E2E_RESULT: resultFile },
    launchArgs: [
      workspace,
      "--disable-extensions",
      "--disable-workspace-trust",
      "--user-data-dir",
      join(scratch, "user-data"),
      "--extensions-dir",
      join(scratch, "extensions"),
    ],
  }).catch((error: unknown) => {
    // A failing suite makes VS Code exit non-zero, which runTests reports by throwing.
    if (error instanceof TestRunFailedError) return error.code ?? 1;
    throw error;
  });
  if (!existsSync(resultFile)) return { passed: 0, failed: 1 };
  const counts = JSON.parse(readFileSync(resultFile, "utf8")) as SuiteCounts;
  return exitCode !== 0 && counts.failed === 0 ? { ...counts, failed: 1 } : counts;
}

runSuite("electron", 15 * 60_000, main);
