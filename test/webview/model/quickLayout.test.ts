// The linear-time layout for large flat graphs: layers follow the edges, sources sit above their
// first reader, boxes of a row never overlap, rows sit as near as their order allows to what they
// are joined to, every edge runs from its source's bottom to its target's top, and a 5,000-node
// graph neither drifts sideways nor takes long.
import type { ElkNode } from "elkjs/lib/elk-api";
import { describe, expect, it } from "vitest";
import { boxText } from "../../../webview/model/boxText";
import { EXPANDED } from "../../../webview/model/collapse";
import { buildGraphIndex } from "../../../webview/model/graphIndex";
import { buildLayoutInput } from "../../../webview/model/layoutInput";
import { type Box, readLayout } from "../../../webview/model/layoutResult";
import { QUICK_SPACING, isFlat, packRow, quickLayout } from "../../../webview/model/quickLayout";
import { buildVisibleGraph } from "../../../webview/model/visibleGraph";
import { blockChain, miniTrace } from "../miniTrace";
import { syntheticTrace } from "../syntheticTrace";

/** An ELK graph of equal boxes from "a->b" edge strings. */
function graph(ids: string[], edges: string[], width = 40): ElkNode {
  return {
    id: "root",
    children: ids.map((id) => ({ id, width, height: 20 })),
    edges: edges.map((e, i) => {
      const [s, t] = e.split("->");
      return { id: `e${i}`, sources: [s], targets: [t] };
    }),
  };
}

const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** No two boxes overlap, nor come nearer than the spacing side by side (a sweep down the rows). */
function expectNoOverlap(boxes: Map<string, Box>): void {
  const all = [...boxes.values()].sort((a, b) => a.y - b.y);
  const gap = QUICK_SPACING.node - 1e-9;
  const bad: string[] = [];
  for (let i = 0; i < all.length; i++) {
    const a = all[i];
    for (let j = i + 1; j < all.length && all[j].y < a.y + a.height; j++) {
      const b = all[j];
      if (overlaps({ ...a, x: a.x - gap, width: a.width + 2 * gap }, b)) bad.push(`${JSON.stringify(a)} / ${JSON.stringify(b)}`);
    }
  }
  expect(bad).toEqual([]);
}

describe("quick layout", () => {
  it("puts every box below its inputs and a source right above its first reader", () => {
    // a -> b -> c -> d, and a weight w read only by d.
    const placed = readLayout(quickLayout(graph(["a", "b", "c", "w", "d"], ["a->b", "b->c", "c->d", "w->d"])));
    const y = (k: string): number => placed.boxes.get(k)!.y;
    expect(y("a")).toBeLessThan(y("b"));
    expect(y("b")).toBeLessThan(y("c"));
    expect(y("c")).toBeLessThan(y("d"));
    expect(y("w")).toBe(y("c"));
    expect(placed.height).toBe(QUICK_SPACING.padding * 2 + 4 * 20 + 3 * QUICK_SPACING.layer);
  });

  it("runs every edge from the bottom of its source to the top of its target, spreading shared ends", () => {
    const placed = readLayout(quickLayout(graph(["x", "w", "m"], ["x->m", "w->m"])));
    const m = placed.boxes.get("m")!;
    const ends = ["e0", "e1"].map((e) => placed.edges.get(e)!);
    for (const [k, pts] of [["x", ends[0]], ["w", ends[1]]] as const) {
      const src = placed.boxes.get(k)!;
      expect(pts[0].y).toBe(src.y + src.height);
      expect(pts[pts.length - 1].y).toBe(m.y);
    }
    const endXs = ends.map((pts) => pts[pts.length - 1].x);
    expect(endXs[0]).not.toBe(endXs[1]);
    for (const x of endXs) expect(x > m.x && x < m.x + m.width).toBe(true);
  });

  it("keeps a chain straight under its first box, with its weights beside it", () => {
    const ids: string[] = [];
    const edges: string[] = [];
    for (let i = 0; i < 30; i++) {
      ids.push(`w${i}`, `op${i}`);
      edges.push(`w${i}->op${i}`);
      if (i > 0) edges.push(`op${i - 1}->op${i}`);
    }
    const placed = readLayout(quickLayout(graph(ids, edges)));
    const xs = Array.from({ length: 30 }, (_, i) => placed.boxes.get(`op${i}`)!.x);
    // Without the rule "follow the inputs that are ops", each op drifts half a box sideways per layer.
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThanOrEqual(40 + QUICK_SPACING.node);
    expectNoOverlap(placed.boxes);
  });

  it("packs a row as close as its order allows to the wanted places (least squares)", () => {
    // Apart already: unchanged.
    expect(packRow([0, 100, 200], [40, 40, 40], 10)).toEqual([0, 100, 200]);
    // Two boxes wanting one place split the difference.
    expect(packRow([100, 100], [40, 40], 10)).toEqual([75, 125]);
    // A third wanting far left is pooled with both: mean of (100, 100 − 50, 0 − 100) = 50 … shifted back.
    const p = packRow([100, 100, 0], [40, 40, 40], 10);
    expect(p[1] - p[0]).toBe(50);
    expect(p[2] - p[1]).toBe(50);
    expect(p[0]).toBeCloseTo((100 + 50 + -100) / 3, 9);
  });

  it("ends on a graph with a cycle (none in a trace, but no hang if one came)", () => {
    const placed = readLayout(quickLayout(graph(["a", "b", "c"], ["a->b", "b->c", "c->b"])));
    expect(placed.boxes.size).toBe(3);
    expectNoOverlap(placed.boxes);
  });

  it("takes only graphs without expanded modules", () => {
    const index = buildGraphIndex(miniTrace(blockChain(2)));
    const g = buildVisibleGraph(index, [], EXPANDED);
    const texts = new Map(g.items.map((i) => [i.key, boxText(index, i)]));
    expect(isFlat(buildLayoutInput(g, texts).root)).toBe(false);
    expect(isFlat(graph(["a", "b"], ["a->b"]))).toBe(true);
  });

  it("lays out a flat 5,000-node trace with no overlap and no sideways drift", () => {
    const index = buildGraphIndex(syntheticTrace(5000, { modules: false }));
    const g = buildVisibleGraph(index, [], EXPANDED);
    const texts = new Map(g.items.map((i) => [i.key, boxText(index, i)]));
    const { root, pieces } = buildLayoutInput(g, texts);
    expect(isFlat(root)).toBe(true);
    const placed = readLayout(quickLayout(root));
    expect(placed.boxes.size).toBe(g.leafCount);
    expect(placed.edges.size).toBe(pieces.size);
    expectNoOverlap(placed.boxes);
    const widest = Math.max(...[...placed.boxes.values()].map((b) => b.width));
    // ELK's fast layered layout of this graph is ~6,000 px wide; drift would make it tens of thousands.
    expect(placed.width).toBeLessThan(20 * widest);
    for (const b of placed.boxes.values()) expect(b.x).toBeGreaterThanOrEqual(QUICK_SPACING.padding - 1e-9);
  });
});
