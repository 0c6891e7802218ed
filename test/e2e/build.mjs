// Bundles the real-editor tests: the Mocha suite that runs inside the extension host (out/test/suite)
// and the Node runners and Playwright UI specs (out/test/e2e). `node test/e2e/build.mjs`
// Tests are found in every subfolder: test/vscode/**/*.test.ts and test/e2e/ui/**/*.spec.ts. Other files
// there (helpers, fixtures) are bundled into the tests that import them, never run on their own.
import * as esbuild from "esbuild";
import { readdirSync, rmSync } from "node:fs";

/** Every file under `dir` (recursively) whose name ends with `suffix`, as sorted "dir/sub/file" paths. */
const files = (dir, suffix) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => `${entry.parentPath ?? entry.path}/${entry.name}`)
    .sort();
const common = { bundle: true, platform: "node", format: "cjs", target: "node20", sourcemap: "inline", logLevel: "warning" };

// NOTE: cleaned first so a deleted test file does not keep running from a stale bundle.
rmSync("out/test", { recursive: true, force: true });
await Promise.all([
  esbuild.build({
    ...common,
    // test/vscode/a/b.test.ts -> out/test/suite/a/b.test.js; index.js finds them under its own folder.
    entryPoints: ["test/vscode/index.ts", ...files("test/vscode", ".test.ts")],
    outbase: "test/vscode",
    outdir: "out/test/suite",
    // vscode is the host's API; mocha must be the one module instance index.js and the test files share.
    external: ["vscode", "mocha"],
  }),
  esbuild.build({
    ...common,
    entryPoints: [
      ...["runVscodeTests", "runUiTests", "runElectron"].map((name) => `test/e2e/${name}.ts`),
      ...files("test/e2e/ui", ".spec.ts"),
    ],
    outbase: "test/e2e",
    outdir: "out/test/e2e",
    // playwright-core is loaded from test/e2e/host at run time (see playwright.ts).
    external: ["mocha", "@vscode/test-electron", "playwright-core"],
  }),
]);
