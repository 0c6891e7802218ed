import * as assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite, test } from "mocha";
import type { FrameLocator, Page } from "playwright-core";
import { useWorkbench } from "../fixture";
import { activeEditorTab, expectEventually, screenshot } from "../workbench";
import { panelFrame, waitForContributions } from "../product/lens";
import { type CliTrace, clickableBoxKey, cliTrace, closeSideBar, graphDrawn, panelTab, setColorTheme, traceFile } from "./panelHelpers";

// The gradient panel (graph, layer chart, check table, walk-through) inside the real editor, installed from
// the .vsix: what it draws is compared with the CLI's trace of the same file; screenshots of every view
// land in test-results/ui, in the default dark theme and in a light one.

const scratch = (): string => join(process.env.BACKPROP_LENS_E2E_SCRATCH ?? tmpdir(), "panel-cli");

/** The count label of the graph's toolbar: "N boxes · M nodes". */
async function graphCounts(frame: FrameLocator): Promise<{ boxes: number; nodes: number }> {
  const text = await expectEventually(() => frame.locator(".bpl-toolbar-text").innerText(), /^[\d,]+ boxes · [\d,]+ nodes/, "the graph's count label");
  const [, boxes, nodes] = /^([\d,]+) boxes · ([\d,]+) nodes/.exec(text)!;
  return { boxes: Number(boxes!.replace(/,/g, "")), nodes: Number(nodes!.replace(/,/g, "")) };
}

/** A large graph is drawn around the view: some of its boxes, not all, and the canvas says how many. */
async function drawnAroundView(frame: FrameLocator, laidOut: number): Promise<void> {
  const drawn = await frame.locator(".bpl-layer-boxes > g").count();
  assert.ok(drawn > 0 && drawn < laidOut, `boxes drawn around the view (${drawn}) out of the ${laidOut} laid out`);
  assert.equal(await frame.locator(".bpl-canvas").getAttribute("data-drawn-boxes"), String(drawn));
}

/** Home selects the loss and pans to it; its box is drawn there (the region follows the view) and selected. */
async function homeToLoss(frame: FrameLocator): Promise<void> {
  await frame.locator(".bpl-canvas").focus();
  await frame.locator(".bpl-canvas").press("Home");
  const selected = frame.locator(".bpl-layer-boxes > g.bpl-box.is-selected");
  await expectEventually(async () => String(await selected.count()), /^1$/, "one selected box after Home");
  assert.match((await selected.textContent()) ?? "", /sum/, "the loss (a sum) is the selected box");
}

/** Traces a synthetic workspace model from the palette and waits for its graph; checks its size against the CLI's trace. */
async function traceSynthetic(page: Page, folder: string, file: string, minNodes: number): Promise<{ trace: CliTrace; frame: FrameLocator; counts: { boxes: number; nodes: number } }> {
  const trace = cliTrace(join(folder, file), scratch());
  assert.ok(trace.graph.nodes.length >= minNodes, `the synthetic model builds ${trace.graph.nodes.length} nodes`);
  const frame = await traceFile(page, file);
  await graphDrawn(frame, 180_000);
  const counts = await graphCounts(frame);
  assert.equal(counts.nodes, trace.graph.nodes.length, "the count label's nodes against the CLI's trace");
  return { trace, frame, counts };
}

/** Selects a panel tab by clicking it, as a user does, and waits until it is the selected one. */
async function showTab(frame: FrameLocator, id: "graph" | "layers" | "checks" | "walk"): Promise<void> {
  await panelTab(frame, id).click();
  await expectEventually(async () => String(await panelTab(frame, id).getAttribute("aria-selected")), /^true$/, `the ${id} tab selected`);
}

/** Brings the panel of a traced file to the front. */
async function showPanelOf(page: Page, file: string): Promise<FrameLocator> {
  await page.locator(".tab", { hasText: `Gradients: ${file}` }).click();
  const frame = panelFrame(page);
  await expectEventually(() => frame.locator(".bpl-header").innerText(), new RegExp(file.replace(/\./g, "\\.")), `the panel of ${file}`);
  return frame;
}

suite("The gradient panel in the editor: graph, layers, checks, walk-through", () => {
  const workbench = useWorkbench("panel");
  let mlp: CliTrace | undefined;

  test("Trace Backprop on mlp.ts draws one box per traced node, and the layer chart and check table of the trace", async function () {
    this.timeout(180_000);
    const { page } = workbench;
    await waitForContributions(page);
    mlp = cliTrace(join(workbench.folder, "mlp.ts"), scratch());
    const frame = await traceFile(page, "mlp.ts");
    await graphDrawn(frame);
    const counts = await graphCounts(frame);
    assert.equal(counts.nodes, mlp.graph.nodes.length, "the count label's nodes against the CLI trace's graph.nodes");
    assert.equal(await frame.locator(".bpl-layer-boxes > g.bpl-box").count(), counts.boxes, "drawn boxes against the count label");
    // Scalar constants (the 16 of a mean, a loss's 0) are written into their op's box, not drawn as nodes.
    const drawable = mlp.graph.nodes.filter((n) => n.kind !== "constant").length;
    assert.equal(await frame.locator(".bpl-layer-boxes > g.bpl-box.bpl-node").count(), drawable, "one drawn box per traced node that is not a constant");
    assert.equal(counts.boxes, drawable, "every node drawn: mlp.ts has no collapsed module");
    await closeSideBar(page);
    await screenshot(page, "panel-dark-mlp-graph");

    await showTab(frame, "layers");
    const chart = frame.locator(".bpl-layers .bpl-chart canvas").first();
    await chart.waitFor();
    const size = await chart.boundingBox();
    assert.ok(size && size.width > 100 && size.height > 100, `the layer chart has a size (${JSON.stringify(size)})`);
    assert.equal(await frame.locator(".bpl-layers table.bpl-table > tbody > tr:not(.bpl-reason-row)").count(), mlp.layers.length, "one layer row per traced layer");
    await screenshot(page, "panel-dark-mlp-layers");

    await showTab(frame, "checks");
    await frame.locator(".bpl-check-table").waitFor();
    assert.equal(await frame.locator(".bpl-check-table > tbody > tr:not(.bpl-detail-row)").count(), mlp.checks.length, "one check row per traced check");
    assert.match(await frame.locator(".bpl-check-summary").innerText(), /all passed/);
    await screenshot(page, "panel-dark-mlp-checks");
  });

  test("clicking a node shows its details, and Go to source moves the editor to its line", async () => {
    const { page } = workbench;
    const frame = panelFrame(page);
    await showTab(frame, "graph");
    await graphDrawn(frame);
    const key = await clickableBoxKey(frame, ".bpl-layer-boxes > g.bpl-box.bpl-node.kind-op");
    await frame.locator(`g.bpl-box[data-key="${key}"]`).click();
    const details = frame.locator(".bpl-details");
    await details.waitFor();
    assert.match(await details.locator(".bpl-details-title").innerText(), /\S/);
    const where = await details.locator(".bpl-source .bpl-mono").innerText();
    const [, line, column] = /mlp\.ts:(\d+):(\d+)/.exec(where) ?? [];
    assert.ok(line && column, `the details name a source location in mlp.ts (${where})`);
    assert.notEqual(line, "1", "a node's line that is not where the cursor already is");
    await closeSideBar(page);
    await screenshot(page, "panel-dark-mlp-node-details");

    await details.getByRole("button", { name: "Go to source" }).click();
    await activeEditorTab(page, "mlp.ts").waitFor();
    const selection = page.locator('[id="status.editor.selection"]');
    await expectEventually(() => selection.innerText(), new RegExp(`^Ln ${line}, Col ${column}\\b`), "the editor's cursor after Go to source");
    await screenshot(page, "panel-dark-mlp-go-to-source");
  });

  test("the walk-through advances step by step, forward then backward", async () => {
    const { page } = workbench;
    const frame = await showPanelOf(page, "mlp.ts");
    await showTab(frame, "walk");
    const position = frame.locator(".bpl-walk-head .bpl-muted");
    await expectEventually(() => position.innerText(), /^Forward step 1 of \d+$/, "the walk-through's first step");
    await frame.getByRole("button", { name: "Next step (→)" }).click();
    await expectEventually(() => position.innerText(), /^Forward step 2 of \d+$/, "the walk-through after Next");
    await frame.locator(".bpl-walk-controls").getByRole("button", { name: "Backward pass" }).click();
    await expectEventually(() => position.innerText(), /^Backward step 1 of \d+$/, "the walk-through at the backward pass");
    await frame.getByRole("button", { name: "Next step (→)" }).click();
    await expectEventually(() => position.innerText(), /^Backward step 2 of \d+$/, "the walk-through's second backward step");
    assert.match(await frame.locator(".bpl-step-card").first().innerText(), /=/);
    await closeSideBar(page);
    await screenshot(page, "panel-dark-mlp-walkthrough");
  });

  test("on the deep-sigmoid model the first layers are highlighted as vanishing", async function () {
    this.timeout(180_000);
    const { page } = workbench;
    const trace = cliTrace(join(workbench.folder, "deep-sigmoid.ts"), scratch());
    const vanishing = trace.layers.filter((l) => l.flags.includes("vanishing")).map((l) => l.name);
    assert.ok(vanishing.includes(trace.layers[0]!.name), "the CLI flags the first layer as vanishing");
    const frame = await traceFile(page, "deep-sigmoid.ts");
    await graphDrawn(frame);
    assert.ok((await frame.locator(".bpl-layer-boxes > g.bpl-box.is-flagged").count()) > 0, "flagged boxes in the graph");
    await closeSideBar(page);
    await screenshot(page, "panel-dark-deep-sigmoid-graph");
    // Collapsed, the 21 Linear modules are boxes of their own (and repeated blocks one "× N" box each).
    const expanded = await graphCounts(frame);
    await frame.getByRole("button", { name: "Collapse all modules" }).click();
    await graphDrawn(frame);
    const collapsed = await graphCounts(frame);
    assert.ok(collapsed.boxes < expanded.boxes, `fewer boxes collapsed (${collapsed.boxes}) than expanded (${expanded.boxes})`);
    assert.equal(await frame.locator(".bpl-layer-boxes > g.bpl-box").count(), collapsed.boxes);
    assert.ok((await frame.locator(".bpl-layer-boxes > g.bpl-box.is-flagged").count()) > 0, "flagged boxes in the collapsed graph");
    await screenshot(page, "panel-dark-deep-sigmoid-collapsed");

    await showTab(frame, "layers");
    assert.match(await panelTab(frame, "layers").locator(".bpl-tab-badge").innerText(), /^\d+$/);
    const rows = frame.locator(".bpl-layers table.bpl-table > tbody > tr:not(.bpl-reason-row)");
    assert.equal(await rows.count(), trace.layers.length);
    for (let i = 0; i < 3; i++) {
      const row = await rows.nth(i).innerText();
      assert.match(row, /vanishing/, `layer row ${i} (${trace.layers[i]!.name}) is flagged vanishing`);
    }
    const flaggedRows = await rows.filter({ hasText: "vanishing" }).count();
    assert.equal(flaggedRows, vanishing.length, "the rows flagged vanishing against the CLI's");
    await screenshot(page, "panel-dark-deep-sigmoid-layers");
  });

  test("a 5,000-node synthetic trace is laid out whole, drawn around the view, and the panel still answers", async function () {
    this.timeout(420_000);
    const { page } = workbench;
    const { trace, frame, counts } = await traceSynthetic(page, workbench.folder, "synthetic-5000.ts", 5_000);
    await drawnAroundView(frame, counts.boxes);
    // Every op and leaf has its box (scalar constants are drawn inside the op that reads them).
    const boxed = trace.graph.nodes.filter((n) => n.kind !== "constant").length;
    assert.equal(counts.boxes, boxed, "one box per non-constant node: nothing folded away");
    assert.equal(await frame.locator("g.bpl-more").count(), 0, "no folded 'more nodes' box");
    assert.equal(await frame.locator(".bpl-canvas-banner").isVisible(), false, "no banner");
    await closeSideBar(page);
    await screenshot(page, "panel-dark-synthetic-5000-graph");
    // The page still answers: a tab switch and back, then a click on a box.
    await showTab(frame, "layers");
    await showTab(frame, "graph");
    const key = await clickableBoxKey(frame);
    await frame.locator(`g.bpl-box[data-key="${key}"]`).click();
    await frame.locator(".bpl-details").waitFor();
    await screenshot(page, "panel-dark-synthetic-5000-selected");
    // Home goes to the loss, thousands of boxes further down: its box is drawn there, and selected.
    await homeToLoss(frame);
  });

  test("a 20,000-node trace opens on the part nearest the loss, with a notice that offers the rest", async function () {
    this.timeout(420_000);
    const { page } = workbench;
    const { frame, counts } = await traceSynthetic(page, workbench.folder, "synthetic-20000.ts", 20_000);
    assert.ok(counts.boxes <= 601, `the first drawing keeps to the part nearest the loss (${counts.boxes} boxes)`);
    assert.equal(await frame.locator("g.bpl-more").count(), 1, "the rest folded into one box");
    const banner = frame.locator(".bpl-canvas-banner");
    assert.match(await banner.innerText(), /nodes further up are folded into one box/);
    await screenshot(page, "panel-dark-synthetic-20000-window");
    // "Show all" lays out every node: the panel comes back with every box drawn.
    await banner.getByRole("button", { name: "Show all" }).click();
    await expectEventually(async () => String((await graphCounts(frame)).boxes > 601), /^true$/, "the count label after Show all", 240_000);
    await graphDrawn(frame, 240_000);
    const all = await graphCounts(frame);
    await drawnAroundView(frame, all.boxes);
    assert.equal(await frame.locator("g.bpl-more").count(), 0, "nothing folded after Show all");
    await homeToLoss(frame);
    await showTab(frame, "layers");
    await showTab(frame, "graph");
    await screenshot(page, "panel-dark-synthetic-20000-show-all");
  });

  test("in a light theme the panel follows the theme (screenshots of every view)", async function () {
    this.timeout(180_000);
    const { page } = workbench;
    await setColorTheme(page, workbench.folder, "Default Light Modern", "light");
    const frame = await showPanelOf(page, "mlp.ts");
    await frame.locator("body.vscode-light").waitFor();
    await closeSideBar(page);
    await showTab(frame, "graph");
    await graphDrawn(frame);
    await screenshot(page, "panel-light-mlp-graph");
    const key = await clickableBoxKey(frame, ".bpl-layer-boxes > g.bpl-box.bpl-node.kind-op");
    await frame.locator(`g.bpl-box[data-key="${key}"]`).click();
    await frame.locator(".bpl-details").waitFor();
    await screenshot(page, "panel-light-mlp-node-details");
    await showTab(frame, "layers");
    await frame.locator(".bpl-layers .bpl-chart canvas").first().waitFor();
    await screenshot(page, "panel-light-mlp-layers");
    await showTab(frame, "checks");
    await screenshot(page, "panel-light-mlp-checks");
    await showTab(frame, "walk");
    await screenshot(page, "panel-light-mlp-walkthrough");

    const deep = await showPanelOf(page, "deep-sigmoid.ts");
    await showTab(deep, "layers");
    await screenshot(page, "panel-light-deep-sigmoid-layers");
    await showTab(deep, "graph");
    await screenshot(page, "panel-light-deep-sigmoid-graph");
  });
});
