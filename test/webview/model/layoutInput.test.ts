// The layout input (sizes, hierarchy, options) and reading ELK's output back, with ELK itself run in
// Node on the same input the worker gets.
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api";
import { describe, expect, it } from "vitest";
import { BOX, boxSize, boxText } from "../../../webview/model/boxText";
import { EXPANDED } from "../../../webview/model/collapse";
import { buildGraphIndex } from "../../../webview/model/graphIndex";
import { FAST_LAYOUT_ABOVE, buildLayoutInput, qualityFor } from "../../../webview/model/layoutInput";
import { readLayout } from "../../../webview/model/layoutResult";
import { findRepeatRuns } from "../../../webview/model/repeats";
import { buildVisibleGraph } from "../../../webview/model/visibleGraph";
import { lectureNetTrace } from "../fixtures";
import { blockChain, miniTrace } from "../miniTrace";

function shown(state = EXPANDED) {
  const index = buildGraphIndex(miniTrace(blockChain(3)));
  const runs = findRepeatRuns(index);
  const graph = buildVisibleGraph(index, runs, state);
  const texts = new Map(graph.items.map((i) => [i.key, boxText(index, i)]));
  return { index, graph, texts };
}

describe("layout input", () => {
  it("nests expanded modules as compound nodes and sizes leaf boxes from their text", () => {
    const { graph, texts } = shown();
    const { root } = buildLayoutInput(graph, texts, "full");
    const blocks = root.children!.find((c) => c.id === "g:blocks")!;
    expect(blocks.children!.map((c) => c.id)).toEqual(["g:blocks.0", "g:blocks.1", "g:blocks.2"]);
    const matmul = blocks.children![0].children!.find((c) => c.id === "g:blocks.0.lin")!.children!.find((c) => c.id === "n2")!;
    expect(matmul).toMatchObject(boxSize(texts.get("n2")!));
    // Each module is laid out on its own (INCLUDE_CHILDREN takes minutes on a few hundred boxes).
    expect(root.layoutOptions!["elk.hierarchyHandling"]).toBeUndefined();
  });

  it("splits an edge that crosses module borders at a port on each border", () => {
    const { graph, texts } = shown();
    const { root, pieces } = buildLayoutInput(graph, texts, "full");
    // blocks.0's tanh (n3, in g:blocks.0) feeds blocks.1's matmul (n5, in g:blocks.1.lin).
    const edge = graph.edges.find((e) => e.from === "n3" && e.to === "n5")!;
    const chain = [...pieces].filter(([, p]) => p.edge === edge.key).map(([id]) => id);
    expect(chain).toEqual(["piece:out:g:blocks.0:n3", "piece:in:g:blocks.1:n3", "piece:in:g:blocks.1.lin:n3", edge.key]);
    expect(pieces.get(edge.key)).toEqual({ edge: edge.key, from: "n3", to: "n5" });
    const find = (n: ElkNode, id: string): ElkNode | undefined => (n.id === id ? n : n.children?.map((c) => find(c, id)).find((x) => x));
    expect(find(root, "g:blocks.0")!.ports!.map((p) => p.id)).toContain("out:g:blocks.0:n3");
    expect(find(root, "g:blocks")!.edges!.map((e) => e.id)).toContain("piece:in:g:blocks.1:n3");
  });

  it("has one ELK edge per shown edge, between shown boxes", () => {
    const { graph, texts } = shown({ collapsed: new Set(["blocks.1"]), merged: new Set() });
    const { root, pieces } = buildLayoutInput(graph, texts);
    const ids = new Set<string>();
    const edges: { sources: string[]; targets: string[] }[] = [];
    const walk = (n: ElkNode): void => {
      ids.add(n.id);
      n.ports?.forEach((p) => ids.add(p.id));
      edges.push(...(n.edges ?? []));
      n.children?.forEach(walk);
    };
    walk(root);
    expect(edges).toHaveLength(pieces.size);
    for (const e of edges) {
      expect(ids.has(e.sources[0])).toBe(true);
      expect(ids.has(e.targets[0])).toBe(true);
    }
    // Every shown edge ends in exactly one piece that carries its arrow.
    for (const e of graph.edges) expect([...pieces.values()].filter((p) => p.edge === e.key && p.to !== null)).toHaveLength(1);
  });

  it("switches to the fast layout above the threshold", () => {
    expect(qualityFor(FAST_LAYOUT_ABOVE)).toBe("full");
    expect(qualityFor(FAST_LAYOUT_ABOVE + 1)).toBe("fast");
    const { graph, texts } = shown();
    expect(buildLayoutInput(graph, texts, "fast").root.layoutOptions!["elk.layered.crossingMinimization.strategy"]).toBe("NONE");
  });

  it("sizes a box to its longest line and its line count", () => {
    const size = boxSize({ title: "matmul", tag: "", lines: ["[16, 8]", "‖g‖ 1.23e-4"], strip: 0 });
    expect(size.height).toBe(BOX.titleHeight + 2 * BOX.lineHeight + BOX.padBottom);
    expect(size.width).toBeGreaterThanOrEqual(Math.ceil("‖g‖ 1.23e-4".length * BOX.lineAdvance));
  });
});

describe("reading the layout", () => {
  it("places every shown box, without overlaps among siblings, with edges in absolute coordinates", async () => {
    const index = buildGraphIndex(lectureNetTrace());
    const graph = buildVisibleGraph(index, [], EXPANDED);
    const texts = new Map(graph.items.map((i) => [i.key, boxText(index, i)]));
    const out = await new ELK().layout(buildLayoutInput(graph, texts).root);
    const placed = readLayout(out);
    expect(placed.boxes.size).toBe(graph.items.length);
    const boxes = [...placed.boxes.values()];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap).toBe(false);
      }
    }
    for (const e of graph.edges) {
      const pts = placed.edges.get(e.key)!;
      const from = placed.boxes.get(e.from)!;
      const to = placed.boxes.get(e.to)!;
      // Inputs above, consumers below (direction DOWN); the edge starts on its source and ends on its target.
      expect(pts[0].y).toBeCloseTo(from.y + from.height, 0);
      expect(pts[pts.length - 1].y).toBeCloseTo(to.y, 0);
    }
  }, 60_000);

  it("offsets children and edges by their container", () => {
    const input: ElkNode = {
      id: "root",
      width: 300,
      height: 200,
      children: [{ id: "g", x: 100, y: 50, width: 120, height: 100, children: [{ id: "a", x: 10, y: 30, width: 40, height: 20 }], edges: [{ id: "e", sources: ["a"], targets: ["a"], sections: [{ id: "s", startPoint: { x: 1, y: 2 }, endPoint: { x: 3, y: 4 } }] }] }],
    };
    const placed = readLayout(input);
    expect(placed.boxes.get("a")).toEqual({ x: 110, y: 80, width: 40, height: 20 });
    expect(placed.edges.get("e")).toEqual([{ x: 101, y: 52 }, { x: 103, y: 54 }]);
  });
});
