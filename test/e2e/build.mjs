// Bundles the real-editor tests: the Mocha suite that runs inside the extension host (out/test/suite)
// and the Node runners and Playwright UI specs (out/test/e2e). `node test/e2e/build.mjs`
import * as esbuild from "esbuild";
import { readdirSync, rmSync } from "node:fs";

const files = (dir, suffix) => readdirSync(dir).filter((f) => f.endsWith(suffix)).map((f) => `${dir}/${f}`);
const common = { bundle: true, platform: "node", format: "cjs", target: "node20", sourcemap: "inline", logLevel: "warning" };

// NOTE: cleaned first so a deleted test file does not keep running from a stale bundle.
rmSync("out/test", { recursive: true, force: true });
await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ["test/vscode/index.ts", ...files("test/vscode", ".test.ts")],
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
