// Drawing a large graph by region: only the boxes and edges that reach into the region are in the
// markup, every one of those is, and without a region everything is drawn.
import { describe, expect, it } from "vitest";
import { boxText } from "../../../webview/model/boxText";
import { EXPANDED } from "../../../webview/model/collapse";
import { scaleForNorms } from "../../../webview/model/colorScale";
import { buildGraphIndex } from "../../../webview/model/graphIndex";
import { buildLayoutInput } from "../../../webview/model/layoutInput";
import { readLayout } from "../../../webview/model/layoutResult";
import { quickLayout } from "../../../webview/model/quickLayout";
import { boundsOf, intersects } from "../../../webview/model/viewRegion";
import { buildVisibleGraph } from "../../../webview/model/visibleGraph";
import { type SvgInput, graphSvg } from "../../../webview/view/graphSvg";
import { syntheticTrace } from "../syntheticTrace";

/** The synthetic flat trace of ~2,000 nodes, laid out as the panel lays it out. */
function drawing(): SvgInput {
  const index = buildGraphIndex(syntheticTrace(2000, { modules: false }));
  const graph = buildVisibleGraph(index, [], EXPANDED);
  const texts = new Map(graph.items.map((i) => [i.key, boxText(index, i)]));
  const { root, pieces } = buildLayoutInput(graph, texts);
  const placed = readLayout(quickLayout(root));
  return { index, graph, placed, texts, scale: scaleForNorms(index.nodes.map((n) => n.grad?.norm)), pieces };
}

const keysOf = (svg: string, cls: string): string[] => [...svg.matchAll(new RegExp(`<g class="${cls}[^"]*" data-key="([^"]+)"`, "g"))].map((m) => m[1]);
const edgeCount = (svg: string): number => (svg.match(/<path class="bpl-edge/g) ?? []).length;

describe("graphSvg by region", () => {
  const d = drawing();

  it("without a region draws every box and every edge", () => {
    const svg = graphSvg(d);
    expect(keysOf(svg, "bpl-box").length).toBe(d.graph.leafCount);
    expect(edgeCount(svg)).toBe(d.placed.edges.size);
  });

  it("with a region draws exactly the boxes and edges that reach into it", () => {
    const region = { x: 0, y: d.placed.height * 0.4, width: d.placed.width, height: 600 };
    const svg = graphSvg(d, region);
    const want = [...d.placed.boxes].filter(([, b]) => intersects(b, region)).map(([k]) => k);
    expect(want.length).toBeGreaterThan(5);
    expect(want.length).toBeLessThan(d.graph.leafCount / 4);
    expect(keysOf(svg, "bpl-box").sort()).toEqual(want.sort());
    const edges = [...d.placed.edges.values()].filter((pts) => intersects(boundsOf(pts), region)).length;
    expect(edgeCount(svg)).toBe(edges);
  });
});
