import * as assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { suite, test } from "mocha";

// What the .vsix put on disk when code-server installed it: what the extension needs at run time, and
// nothing of the tests or their tooling.

/** The folder code-server unpacked the .vsix into (runUiTests.ts installs it before the specs run). */
function installedExtension(): string {
  const scratch = process.env.BACKPROP_LENS_E2E_SCRATCH;
  if (!scratch) throw new Error("UI specs run under test/e2e/runUiTests.ts (npm run test:ui)");
  const extensionsDir = join(scratch, "extensions");
  const folder = readdirSync(extensionsDir).find((name) => name.startsWith("backprop-lens.backprop-lens-"));
  if (!folder) throw new Error(`the .vsix is not installed in ${extensionsDir}`);
  return join(extensionsDir, folder);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

suite("The installed .vsix", () => {
  test("holds the extension bundle and esbuild, which runs from there", async () => {
    const root = installedExtension();
    assert.ok(existsSync(join(root, "out", "extension.js")), "out/extension.js is missing");
    const esbuild = createRequire(join(root, "package.json"))("esbuild") as typeof import("esbuild");
    const result = await esbuild.transform("const rate: number = 0.1;", { loader: "ts" });
    assert.equal(result.code, "const rate = 0.1;\n");
  });

  test("holds nothing from the tests, their tooling or the sources", () => {
    const unwanted = filesUnder(installedExtension()).filter((file) =>
      /^(src|test|webview|examples|bench|scripts|out\/test)\/|\.map$|^node_modules\/(?!esbuild\/|@esbuild\/|backprop-lens-ts-plugin\/)/.test(file),
    );
    assert.deepEqual(unwanted, []);
  });
});
