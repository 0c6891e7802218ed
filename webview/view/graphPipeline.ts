// The steps from a collapse state to SVG: the shown graph and its box texts (cut to the part nearest
// the loss when huge), then the layout (ELK in its worker; above QUICK_LAYOUT_ABOVE boxes without
// expanded modules, the linear-time quickLayout here); graphView draws it (graphSvg).
import { type BoxText, boxText } from "../model/boxText";
import { LARGE_GRAPH, LOSS_WINDOW } from "../model/collapse";
import type { ColorScale } from "../model/colorScale";
import type { GraphIndex } from "../model/graphIndex";
import { buildLayoutInput, qualityFor } from "../model/layoutInput";
import { type PlacedGraph, readLayout } from "../model/layoutResult";
import { isFlat, quickLayout } from "../model/quickLayout";
import { MORE_KEY, lossWindow } from "../model/lossWindow";
import type { RepeatRun } from "../model/repeats";
import { type CollapseState, type VisibleGraph, buildVisibleGraph } from "../model/visibleGraph";
import type { ElkClient } from "../layout/elkClient";
import type { SvgInput } from "./graphSvg";

/** Above this many boxes, a graph without expanded modules is laid out by quickLayout instead of ELK. */
export const QUICK_LAYOUT_ABOVE = 800;

/** What will be drawn, before layout. */
export interface ShownGraph {
  shown: VisibleGraph;
  texts: Map<string, BoxText>;
  /** Nodes folded into the "more" box (null when everything is drawn). */
  hiddenNodes: number | null;
}

/** The shown graph of a state; above LARGE_GRAPH boxes (unless `all`), only the part nearest the loss. */
export function shownGraph(index: GraphIndex, runs: readonly RepeatRun[], state: CollapseState, all: boolean): ShownGraph {
  let shown = buildVisibleGraph(index, runs, state);
  if (shown.leafCount > LARGE_GRAPH && !all) shown = lossWindow(index, shown, LOSS_WINDOW);
  const texts = new Map<string, BoxText>();
  for (const item of shown.items) texts.set(item.key, boxText(index, item));
  const more = shown.byKey.get(MORE_KEY);
  return { shown, texts, hiddenNodes: more?.kind === "more" ? more.nodes : null };
}

/** Lays out the shown graph (in the worker, or quickLayout here): what graphSvg draws it from. */
export async function layOut(elk: ElkClient, index: GraphIndex, g: ShownGraph, scale: ColorScale): Promise<SvgInput & { placed: PlacedGraph }> {
  const input = buildLayoutInput(g.shown, g.texts, qualityFor(g.shown.leafCount));
  const quick = g.shown.leafCount > QUICK_LAYOUT_ABOVE && isFlat(input.root);
  const placed = readLayout(quick ? quickLayout(input.root) : await elk.layout(input.root));
  return { index, graph: g.shown, placed, texts: g.texts, scale, pieces: input.pieces };
}
