import { describe, expect, it } from "vitest";
import { EXPANDED } from "../../../webview/model/collapse";
import { buildGraphIndex } from "../../../webview/model/graphIndex";
import { MORE_KEY, lossWindow } from "../../../webview/model/lossWindow";
import { buildVisibleGraph } from "../../../webview/model/visibleGraph";
import { blockChain, miniTrace } from "../miniTrace";
import { syntheticTrace } from "../syntheticTrace";

describe("the part nearest the loss", () => {
  it("leaves a graph within the limit alone", () => {
    const index = buildGraphIndex(miniTrace(blockChain(2)));
    const g = buildVisibleGraph(index, [], EXPANDED);
    expect(lossWindow(index, g, 100)).toBe(g);
  });

  it("keeps the boxes fewest edges from the loss and folds the rest into one box", () => {
    const index = buildGraphIndex(miniTrace(blockChain(4)));
    const g = buildVisibleGraph(index, [], EXPANDED);
    const w = lossWindow(index, g, 5);
    expect(w.leafCount).toBe(5);
    // The loss (n13), blocks.3's tanh (n12) and matmul (n11), then its weight (n10) and blocks.2's tanh (n9).
    const kept = w.items.filter((i) => i.kind === "node").map((i) => i.key);
    expect(kept.sort()).toEqual(["n10", "n11", "n12", "n13"]);
    const more = w.byKey.get(MORE_KEY);
    expect(more).toMatchObject({ kind: "more", nodes: index.nodes.length - 4 });
    expect(w.edges.map((e) => e.key).sort()).toEqual(["more->n11", "n10->n11", "n11->n12", "n12->n13"]);
    expect(w.repOf[0]).toBe(MORE_KEY);
  });

  it("keeps the modules that hold kept boxes", () => {
    const index = buildGraphIndex(miniTrace(blockChain(4)));
    const w = lossWindow(index, buildVisibleGraph(index, [], EXPANDED), 5);
    expect(w.byKey.has("g:blocks.3.lin")).toBe(true);
    expect(w.byKey.has("g:blocks.0")).toBe(false);
    for (const item of w.items) if (item.parent !== null) expect(w.byKey.has(item.parent)).toBe(true);
  });

  it("cuts a 5,000-node graph to the limit", () => {
    const index = buildGraphIndex(syntheticTrace(5000, { modules: false }));
    const w = lossWindow(index, buildVisibleGraph(index, [], EXPANDED), 600);
    expect(w.leafCount).toBe(600);
    expect(w.edges.every((e) => w.byKey.has(e.from) && w.byKey.has(e.to))).toBe(true);
  });
});
