import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { suite, test } from "mocha";
import { paths } from "../../paths";
import { useWorkbench } from "../fixture";
import { activeEditorTab, activeEditorText, expectEventually, hoverText, notification, openSideView, runCommand, screenshot } from "../workbench";
import { panelFrame, problemsView, replaceEditorTextAndSave, sideViewFrame, statusItem, waitForContributions } from "./lens";

// Backprop Lens installed from its .vsix and used as a person writing a model uses it: a starter model
// from the palette, Trace Backprop, hovers, the status bar, the side view following saves, problems.

const example = (name: string): string => readFileSync(join(paths.repo, "examples", name), "utf8");

suite("Backprop Lens from the .vsix: tracing a model while writing it", () => {
  const workbench = useWorkbench("basic");

  test('"New Example Model" writes a starter model into the workspace and opens it', async () => {
    const { page } = workbench;
    await waitForContributions(page);
    await runCommand(page, "Backprop Lens: New Example Model");
    await activeEditorTab(page, "backprop-model.ts").waitFor();
    await expectEventually(() => activeEditorText(page), /new nn\.Sequential\(\n\s+new nn\.Linear\(4, 8\),/, "the starter model in the editor");
    assert.ok(readFileSync(join(workbench.folder, "backprop-model.ts"), "utf8").includes('from "backprop-lens"'));
  });

  test('"Trace Backprop" opens the gradient panel beside the editor with the loss and verdicts', async () => {
    const { page } = workbench;
    await runCommand(page, "Backprop Lens: Trace Backprop");
    const header = panelFrame(page).locator(".bpl-header");
    await expectEventually(() => header.innerText(), /backprop-model\.ts[\s\S]*loss\s+[\d.]+[\s\S]*checks? passed[\s\S]*gradients healthy/, "the panel's header");
    await page.locator(".tab", { hasText: "Gradients: backprop-model.ts" }).waitFor();
    await screenshot(page, "product-panel-after-trace");
  });

  test("the status bar shows the last loss and the verdict", async () => {
    const { page } = workbench;
    await activeEditorTab(page, "backprop-model.ts").click();
    await statusItem(page, /loss [\d.]+ · healthy/).waitFor();
  });

  test("hovering `Linear` in `new nn.Linear(4, 8)` shows its weight and bias gradients", async () => {
    const { page } = workbench;
    await activeEditorTab(page, "backprop-model.ts").click();
    const text = await hoverText(page, "Linear", /0\.weight[\s\S]*‖grad‖/);
    assert.match(text, /0\.bias/);
    assert.match(text, /verdict\s+✓ healthy/);
    assert.match(text, /Show in graph/);
    await page.locator(".monaco-hover:visible").first().evaluate((el) => el.getAnimations().forEach((a) => a.finish()));
    await screenshot(page, "product-hover-linear");
  });

  test("the Gradients side view follows the file and shows the new trace after a save", async () => {
    const { page } = workbench;
    await openSideView(page, "Backprop Lens");
    const loss = sideViewFrame(page).locator(".bpl-loss");
    const before = await expectEventually(() => loss.innerText(), /loss\s+[\d.]+/, "the side view's loss");
    await activeEditorTab(page, "backprop-model.ts").click();
    const changed = readFileSync(join(workbench.folder, "backprop-model.ts"), "utf8").replace("const x = randn([16, 4]);", "const x = randn([16, 4]).mul(3);");
    await replaceEditorTextAndSave(page, changed);
    const after = await expectEventually(() => loss.innerText(), /loss\s+[\d.]+/, "the side view's loss after the save");
    await expectEventually(async () => String((await loss.innerText()) !== before), /true/, "a different loss after the save");
    assert.notEqual(after, "");
    await screenshot(page, "product-side-view-after-save");
  });

  test("a vanishing model shows warnings in the editor and the Problems view; fixing it and saving clears them", async () => {
    const { page } = workbench;
    await activeEditorTab(page, "backprop-model.ts").click();
    const vanishing = example("vanishing-sigmoid.ts");
    await replaceEditorTextAndSave(page, vanishing);
    const problems = await problemsView(page);
    await expectEventually(() => problems.innerText(), /vanishing gradient in \d+ layers/, "the Problems view");
    await page.locator(".monaco-editor .squiggly-warning").first().waitFor();
    await screenshot(page, "product-problems-vanishing");
    await activeEditorTab(page, "backprop-model.ts").click();
    await replaceEditorTextAndSave(page, vanishing.replace("const depth = 20;", "const depth = 2;"));
    await expectEventually(async () => String(/vanishing gradient/.test(await problems.innerText())), /false/, "the Problems view after the fix");
    await screenshot(page, "product-problems-fixed");
  });

  test("a trace that takes more than a second shows a progress notification whose Cancel stops it", async () => {
    const { page } = workbench;
    await activeEditorTab(page, "backprop-model.ts").click();
    await replaceEditorTextAndSave(page, SLOW_MODEL);
    const toast = notification(page, /Backprop Lens: tracing backprop-model\.ts/);
    await toast.waitFor({ timeout: 15_000 });
    await screenshot(page, "product-progress-notification");
    await toast.getByRole("button", { name: "Cancel" }).click();
    await toast.waitFor({ state: "hidden" });
    // The last result stays, no longer being replaced, and marked stale in the status bar.
    await statusItem(page, /loss [\d.]+ · healthy \(stale\)/).waitFor();
    await expectEventually(async () => String(await panelFrame(page).locator(".bpl-busy").count()), /^0$/, "the panel's tracing marker after the cancel");
  });

  test("the gradient panel is revived after a window reload", async () => {
    const { page } = workbench;
    await activeEditorTab(page, "backprop-model.ts").click();
    await replaceEditorTextAndSave(page, example("mlp.ts"));
    await expectEventually(() => panelFrame(page).locator(".bpl-header").innerText(), /loss 1\.11/, "the panel after tracing mlp.ts");
    const reloaded = page.waitForEvent("framenavigated", { predicate: (frame) => frame === page.mainFrame(), timeout: 30_000 });
    await runCommand(page, "Developer: Reload Window");
    await reloaded;
    // (The Explorer is not what the restored window shows: the side bar holds the Gradients view.)
    await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
    await page.locator(".tab", { hasText: "Gradients: backprop-model.ts" }).waitFor({ timeout: 60_000 });
    await expectEventually(() => panelFrame(page).locator(".bpl-header").innerText(), /backprop-model\.ts[\s\S]*loss 1\.11/, "the revived panel");
    await screenshot(page, "product-panel-revived");
  });
});

/** A model whose loss keeps the worker busy for 20 s (the time limit is 30 s). */
const SLOW_MODEL = `import { param, tensor } from "backprop-lens";
const w = param(tensor([1, 2, 3]));
export default () => {
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    // a very slow model
  }
  return w.mul(w).sum();
};
`;
