import * as assert from "node:assert/strict";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { suite, test } from "mocha";
import { useWorkbench } from "../fixture";
import { problemsView, waitForContributions } from "../product/lens";
import { activeEditorTab, expectEventually, hoverText, openFile, runCommand, screenshot } from "../workbench";

// Model files get the API's types in the editor, from the installed .vsix alone: its TypeScript server
// plugin resolves `import … from "backprop-lens"` to the declarations it ships (out/types), in a workspace
// with no package, tsconfig or node_modules. Each check waits for something TypeScript can only say with
// those types (a type mistake in an API call, the constructor of nn.Linear), so none passes before the
// TypeScript server has looked at the file.

/** A model with one type mistake that only the API's types reveal: forward returns a Tensor. */
const TS_MODEL = `import { nn, randn } from "backprop-lens";
const model = new nn.Linear(4, 8);
export const wrong: string = model.forward(randn([2, 4]));
`;

/** The same mistake in a checked JavaScript model. */
const JS_MODEL = `// @ts-check
import { randn } from "backprop-lens";
/** @type {number} */
export const wrong = randn([2, 4]);
`;

const MISSING_MODULE = /Cannot find module 'backprop-lens'|\bts\W*2307\b/;

/** The folder code-server unpacked the .vsix into (runUiTests.ts installs it before the specs run). */
function installedExtension(): string {
  const extensionsDir = join(process.env.BACKPROP_LENS_E2E_SCRATCH ?? "", "extensions");
  const folder = readdirSync(extensionsDir).find((name) => name.startsWith("backprop-lens.backprop-lens-"));
  if (!folder) throw new Error(`the .vsix is not installed in ${extensionsDir}`);
  return join(extensionsDir, folder);
}

suite("Model files get the API's types in the editor (the extension's TypeScript plugin)", () => {
  const workbench = useWorkbench("basic");

  test("the .vsix holds the plugin package, its bundle and only declarations under out/types", () => {
    const root = installedExtension();
    assert.deepEqual(readdirSync(join(root, "node_modules", "backprop-lens-ts-plugin")).sort(), ["index.js", "package.json"]);
    assert.ok(readdirSync(join(root, "out")).includes("tsPlugin.js"), "out/tsPlugin.js is missing");
    const types = readdirSync(join(root, "out", "types"), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    assert.ok(types.includes("api.d.ts"), "out/types/api.d.ts is missing");
    assert.deepEqual(types.filter((name) => !name.endsWith(".d.ts")), []);
  });

  test('the starter of "New Example Model" and a model with a type mistake: TypeScript reports the mistake, never ts(2307)', async () => {
    const { page } = workbench;
    await waitForContributions(page);
    await runCommand(page, "Backprop Lens: New Example Model");
    await activeEditorTab(page, "backprop-model.ts").waitFor();
    writeFileSync(join(workbench.folder, "typed-model.ts"), TS_MODEL);
    await openFile(page, "typed-model.ts");
    const problems = await problemsView(page);
    // Both files are open: TypeScript has checked the starter by the time it reports the later file.
    const text = await expectEventually(
      () => problems.innerText(),
      /Type 'Tensor' is not assignable to type 'string'\.\s+ts\W*2322\b/,
      "TypeScript's error in typed-model.ts in the Problems view",
      60_000,
    );
    assert.doesNotMatch(text, MISSING_MODULE);
    assert.doesNotMatch(text, /backprop-model\.ts/, "the starter model has problems");
    await screenshot(page, "types-problems");
  });

  test("hovering `Linear` in `new nn.Linear(4, 8)` shows TypeScript's signature and docs from the API", async () => {
    const { page } = workbench;
    await openFile(page, "typed-model.ts");
    const text = await hoverText(page, "Linear", /new Linear\(inFeatures: number, outFeatures: number/);
    assert.match(text, /: nn\.Linear/);
    assert.match(text, /Fully connected layer/);
    await page.locator(".monaco-hover:visible").first().evaluate((el) => el.getAnimations().forEach((a) => a.finish()));
    await screenshot(page, "types-hover-linear");
  });

  test("a checked JavaScript model gets the same types", async () => {
    const { page } = workbench;
    writeFileSync(join(workbench.folder, "typed-model.js"), JS_MODEL);
    await openFile(page, "typed-model.js");
    const problems = await problemsView(page);
    const text = await expectEventually(
      () => problems.innerText(),
      /Type 'Tensor' is not assignable to type 'number'\.\s+ts\W*2322\b/,
      "TypeScript's error in typed-model.js in the Problems view",
      60_000,
    );
    assert.doesNotMatch(text, MISSING_MODULE);
  });

  test("typing `nn.Lin` suggests the API's nn.Linear", async () => {
    const { page } = workbench;
    // (Opened from the Explorer: a file opened later may have replaced its preview tab.)
    await openFile(page, "typed-model.ts");
    await page.locator(".editor-instance .monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    // (The list is virtual: "Lin" narrows it so the row is rendered.)
    await page.keyboard.type("nn.Lin");
    const row = page.locator(".suggest-widget.visible .monaco-list-row", { has: page.locator(".label-name", { hasText: /^Linear$/ }) });
    await row.first().waitFor({ timeout: 30_000 });
    await screenshot(page, "types-completions");
    await page.keyboard.press("Escape");
  });
});
