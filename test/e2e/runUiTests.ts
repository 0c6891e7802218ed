import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import Mocha from "mocha";
import { startCodeServer } from "./codeServer";
import { paths } from "./paths";
import { runSuite, type SuiteCounts } from "./runSuite";
import { findTestFiles } from "./testFiles";

// Installs the packaged .vsix into a throwaway code-server, as a user would, and runs the Playwright UI
// specs (out/test/e2e/ui/**/*.spec.js, at any depth) with Mocha in this process. Each spec suite opens its
// own browser window through ui/fixture.ts; screenshots land in test-results/ui.

const testTimeoutMs = Number(process.env.E2E_TEST_TIMEOUT_MS ?? 90_000);
const resultsDir = join(paths.results, "ui");

/** The .vsix `npm run package` wrote for the manifest's version (E2E_VSIX picks another). */
function findVsix(): string {
  const manifest = JSON.parse(readFileSync(join(paths.repo, "package.json"), "utf8")) as { name: string; version: string };
  const vsix = process.env.E2E_VSIX ?? join(paths.repo, "dist", `${manifest.name}-${manifest.version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package first`);
  return vsix;
}

async function main(): Promise<SuiteCounts> {
  const specDir = join(paths.outTests, "e2e", "ui");
  const specs = existsSync(specDir) ? findTestFiles(specDir, ".spec.js") : [];
  if (specs.length === 0) throw new Error(`no UI specs in ${specDir}: build them first (node test/e2e/build.mjs)`);
  rmSync(resultsDir, { recursive: true, force: true });

  const server = await startCodeServer({ vsixFiles: [findVsix()], keepLogAs: join(resultsDir, "code-server.log") });
  // The specs' fixture (ui/fixture.ts) reads where the server is from the environment.
  process.env.BACKPROP_LENS_E2E_URL = server.url;
  process.env.BACKPROP_LENS_E2E_SCRATCH = server.root;

  const mocha = new Mocha({ ui: "tdd", reporter: "spec", timeout: testTimeoutMs, color: false });
  for (const spec of specs) mocha.addFile(spec);
  const counts = await new Promise<SuiteCounts>((resolve) => {
    const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }));
  });
  await server.stop();
  return counts;
}

runSuite("ui", 10 * 60_000, main);
