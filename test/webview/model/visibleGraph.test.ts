import { describe, expect, it } from "vitest";
import { COLLAPSE_THRESHOLD, EXPANDED, collapseAll, countBoxes, defaultCollapse, mergeRun, toggleItem } from "../../../webview/model/collapse";
import { buildGraphIndex } from "../../../webview/model/graphIndex";
import { findRepeatRuns } from "../../../webview/model/repeats";
import { buildVisibleGraph } from "../../../webview/model/visibleGraph";
import { blockChain, miniTrace } from "../miniTrace";
import { syntheticTrace } from "../syntheticTrace";

describe("the shown graph", () => {
  const trace = miniTrace(blockChain(3));
  const index = buildGraphIndex(trace);
  const runs = findRepeatRuns(index);

  it("shows every node when nothing is collapsed, inside its modules", () => {
    const g = buildVisibleGraph(index, runs, EXPANDED);
    expect(g.leafCount).toBe(trace.graph.nodes.length);
    expect(g.byKey.get("g:blocks.1")).toMatchObject({ kind: "group", expanded: true, parent: "g:blocks" });
    expect(g.byKey.get("n5")).toMatchObject({ kind: "node", parent: "g:blocks.1.lin" });
    expect(g.edges).toHaveLength(trace.graph.edges.length);
  });

  it("lists containers before what they contain", () => {
    const g = buildVisibleGraph(index, runs, EXPANDED);
    const seen = new Set<string>();
    for (const item of g.items) {
      if (item.parent !== null) expect(seen.has(item.parent)).toBe(true);
      seen.add(item.key);
    }
  });

  it("draws a collapsed module as one box and re-routes its edges", () => {
    const g = buildVisibleGraph(index, runs, { collapsed: new Set(["blocks.1"]), merged: new Set() });
    expect(g.byKey.get("g:blocks.1")).toMatchObject({ kind: "group", expanded: false });
    expect(g.byKey.has("n5")).toBe(false);
    expect(g.repOf[5]).toBe("g:blocks.1");
    // blocks.0's tanh (node 3) feeds the collapsed box; the box feeds blocks.2's matmul (node 8).
    expect(g.edges.map((e) => e.key)).toEqual(expect.arrayContaining(["n3->g:blocks.1", "g:blocks.1->n8"]));
    expect(g.edges.some((e) => e.from === e.to)).toBe(false);
  });

  it("aggregates a collapsed module's gradient statistics", () => {
    const g = buildVisibleGraph(index, runs, { collapsed: new Set(["blocks.1"]), merged: new Set() });
    const item = g.byKey.get("g:blocks.1");
    if (item?.kind !== "group" || item.expanded) throw new Error("expected a collapsed group");
    expect(item.stats.nodeCount).toBe(3);
    expect(item.stats.paramCount).toBe(1);
    expect(item.stats.outGradNorm).toBeCloseTo(0.1, 12);
    expect(item.stats.minLogGrad).toBeCloseTo(-1, 12);
  });

  it("merges a run into one '× N' box with one gradient norm per block", () => {
    const g = buildVisibleGraph(index, runs, { collapsed: new Set(), merged: new Set([runs[0].id]) });
    const item = g.byKey.get("r:blocks.0");
    if (item?.kind !== "repeat") throw new Error("expected a repeat box");
    expect(item.run.members).toHaveLength(3);
    expect(item.memberNorms.map((n) => Math.log10(n!))).toEqual([0, -1, -2].map((e) => expect.closeTo(e, 12)));
    expect(g.repOf[8]).toBe("r:blocks.0");
    expect(g.edges.map((e) => e.key).sort()).toEqual(["n0->r:blocks.0", "r:blocks.0->n10"]);
  });

  it("colours an edge by the gradient of the value it carries", () => {
    const g = buildVisibleGraph(index, runs, EXPANDED);
    expect(g.edges.find((e) => e.key === "n6->n8")!.norm).toBeCloseTo(0.1, 12);
  });
});

describe("the default collapse", () => {
  it("shows small graphs whole", () => {
    const index = buildGraphIndex(miniTrace(blockChain(3)));
    expect(defaultCollapse(index, findRepeatRuns(index))).toBe(EXPANDED);
  });

  it("collapses a large graph to at most the budget, merging repeated blocks", () => {
    const index = buildGraphIndex(syntheticTrace(5000));
    expect(index.nodes.length).toBeGreaterThan(COLLAPSE_THRESHOLD);
    const runs = findRepeatRuns(index);
    const state = defaultCollapse(index, runs, COLLAPSE_THRESHOLD, 120);
    const g = buildVisibleGraph(index, runs, state);
    expect(g.leafCount).toBeLessThanOrEqual(120);
    expect(g.leafCount).toBe(countBoxes(index, runs, state));
    expect(g.items.some((i) => i.kind === "repeat" && i.run.members.length > 50)).toBe(true);
  });

  it("expands outer modules first while within budget", () => {
    const index = buildGraphIndex(miniTrace(blockChain(40)));
    const runs = findRepeatRuns(index);
    const all = collapseAll(index, runs);
    expect(countBoxes(index, runs, all)).toBe(3);
    const state = defaultCollapse(index, runs, 10, 10);
    expect(state.collapsed.has("blocks")).toBe(false);
    expect(countBoxes(index, runs, state)).toBeLessThanOrEqual(10);
  });
});

describe("toggling", () => {
  const index = buildGraphIndex(miniTrace(blockChain(3)));
  const runs = findRepeatRuns(index);

  it("opens and closes a module, and leaves non-modules alone", () => {
    const closed = toggleItem(EXPANDED, buildVisibleGraph(index, runs, EXPANDED).byKey.get("g:blocks.1")!)!;
    expect([...closed.collapsed]).toEqual(["blocks.1"]);
    const reopened = toggleItem(closed, buildVisibleGraph(index, runs, closed).byKey.get("g:blocks.1")!)!;
    expect(reopened.collapsed.size).toBe(0);
    expect(toggleItem(EXPANDED, buildVisibleGraph(index, runs, EXPANDED).byKey.get("n0")!)).toBeNull();
  });

  it("splits a '× N' box into its blocks (each collapsed) and merges them back", () => {
    const mergedState = mergeRun(EXPANDED, runs[0]);
    const split = toggleItem(mergedState, buildVisibleGraph(index, runs, mergedState).byKey.get("r:blocks.0")!)!;
    expect(split.merged.size).toBe(0);
    expect([...split.collapsed].sort()).toEqual(["blocks.0", "blocks.1", "blocks.2"]);
    expect(buildVisibleGraph(index, runs, split).leafCount).toBe(5);
  });
});
