// Turns the shown graph into ELK's JSON input: boxes sized from their text, expanded modules as
// compound nodes laid out one by one, edges in model order so the layout is stable between traces.
//
// NOTE: ELK's INCLUDE_CHILDREN mode (one layout across all levels) takes minutes on a few hundred
// boxes in a few dozen modules. Instead each module is laid out on its own (SEPARATE_CHILDREN), and
// an edge that crosses a module's border is split at a port on that border: u → port → … → v.
// The pieces are drawn as one line; each module's layout stays small, so the total stays fast.
import type { ElkExtendedEdge, ElkNode, ElkPort, LayoutOptions } from "elkjs/lib/elk-api";
import { BOX, type BoxText, boxSize } from "./boxText";
import type { VisibleEdge, VisibleGraph } from "./visibleGraph";

/** Above this many boxes the layout trades crossing minimisation for speed. */
export const FAST_LAYOUT_ABOVE = 400;

/** Layout quality: "full" minimises crossings; "fast" keeps the execution order instead. */
export type LayoutQuality = "full" | "fast";

/** One drawn piece of a shown edge (ELK edge id → what it belongs to). */
export interface EdgePiece {
  /** The shown edge it belongs to (the first one, when several share the piece). */
  edge: string;
  from: string;
  /** Set when the piece ends at the target box (it carries the arrowhead). */
  to: string | null;
}

/** ELK's input and the map from its edge ids back to shown edges. */
export interface LayoutInput {
  root: ElkNode;
  pieces: Map<string, EdgePiece>;
}

/** The layout quality for a number of boxes. */
export function qualityFor(boxes: number): LayoutQuality {
  return boxes > FAST_LAYOUT_ABOVE ? "fast" : "full";
}

/** Layout options of every level (root and expanded modules). */
export function layoutOptions(quality: LayoutQuality): LayoutOptions {
  const opts: LayoutOptions = {
    "elk.algorithm": "layered",
    "elk.direction": "DOWN",
    "elk.spacing.nodeNode": "18",
    "elk.layered.spacing.nodeNodeBetweenLayers": "30",
    "elk.spacing.edgeNode": "12",
    "elk.spacing.edgeEdge": "8",
    "elk.layered.spacing.edgeNodeBetweenLayers": "12",
    "elk.edgeRouting": "ORTHOGONAL",
    "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
    // Model order = execution order, so re-tracing a slightly changed model keeps its picture.
    "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
    "elk.layered.thoroughness": quality === "full" ? "7" : "1",
    // NOTE: splitting into connected components walks the graph recursively, which overflows a
    // worker's stack on deep graphs (thousands of ops in a chain); a trace's graph is connected anyway.
    "elk.separateConnectedComponents": "false",
  };
  if (quality === "fast") {
    // Crossing minimisation dominates at thousands of boxes; the execution order is a good order already.
    opts["elk.layered.crossingMinimization.strategy"] = "NONE";
  }
  return opts;
}

/** ELK input for a shown graph. `texts` holds the text of every box (see boxText). */
export function buildLayoutInput(graph: VisibleGraph, texts: ReadonlyMap<string, BoxText>, quality: LayoutQuality = qualityFor(graph.leafCount)): LayoutInput {
  const opts = layoutOptions(quality);
  const root: ElkNode = { id: "root", layoutOptions: { ...opts, "elk.padding": "[top=24,left=24,bottom=24,right=24]" }, children: [], edges: [] };
  const nodes = new Map<string, ElkNode>([["root", root]]);
  const parentOf = new Map<string, string>();
  for (const item of graph.items) {
    const parentKey = item.parent ?? "root";
    parentOf.set(item.key, parentKey);
    const text = texts.get(item.key);
    let node: ElkNode;
    if (item.kind === "group" && item.expanded) {
      // Room for the chevron, the title, the "‖g‖ 1.23e-4" badge and a flag marker on the header.
      const titleWidth = text ? boxSize({ ...text, lines: [] }).width + 14 * BOX.lineAdvance + 40 : BOX.minWidth;
      node = {
        id: item.key,
        children: [],
        edges: [],
        ports: [],
        layoutOptions: {
          ...opts,
          "elk.padding": `[top=${BOX.groupHeader + 10},left=12,bottom=12,right=12]`,
          "elk.nodeSize.constraints": "MINIMUM_SIZE",
          "elk.nodeSize.minimum": `(${Math.ceil(titleWidth)}, ${BOX.groupHeader + 20})`,
          "elk.portConstraints": "FIXED_SIDE",
        },
      };
    } else {
      const size = text ? boxSize(text) : { width: BOX.minWidth, height: BOX.titleHeight + BOX.padBottom };
      node = { id: item.key, width: size.width, height: size.height };
    }
    nodes.get(parentKey)!.children!.push(node);
    nodes.set(item.key, node);
  }
  const pieces = new Map<string, EdgePiece>();
  const ports = new Set<string>();
  const addPort = (group: string, id: string, side: "NORTH" | "SOUTH"): void => {
    if (ports.has(id)) return;
    ports.add(id);
    const port: ElkPort = { id, width: 1, height: 1, layoutOptions: { "elk.port.side": side } };
    nodes.get(group)!.ports!.push(port);
  };
  const addPiece = (container: string, id: string, source: string, target: string, piece: EdgePiece): void => {
    if (pieces.has(id)) return;
    pieces.set(id, piece);
    const edge: ElkExtendedEdge = { id, sources: [source], targets: [target] };
    nodes.get(container)!.edges!.push(edge);
  };
  for (const e of graph.edges) splitEdge(e, parentOf, addPort, addPiece);
  return { root, pieces };
}

/** Ancestors of a key (its parent first, up to "root"). */
function ancestors(key: string, parentOf: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (let p = parentOf.get(key); p !== undefined; p = parentOf.get(p)) out.push(p);
  return out;
}

// u → out-ports of the modules u leaves → (the lowest common container) → in-ports of the modules v
// enters → v. Ports are shared per (module, source box), so a value used by many boxes leaves once.
function splitEdge(
  e: VisibleEdge,
  parentOf: ReadonlyMap<string, string>,
  addPort: (group: string, id: string, side: "NORTH" | "SOUTH") => void,
  addPiece: (container: string, id: string, source: string, target: string, piece: EdgePiece) => void,
): void {
  const up = ancestors(e.from, parentOf);
  const down = ancestors(e.to, parentOf);
  const lca = up.find((a) => down.includes(a)) ?? "root";
  let source = e.from;
  for (const group of up.slice(0, up.indexOf(lca))) {
    const port = `out:${group}:${e.from}`;
    addPort(group, port, "SOUTH");
    addPiece(group, `piece:${port}`, source, port, { edge: e.key, from: e.from, to: null });
    source = port;
  }
  const entering = down.slice(0, down.indexOf(lca)).reverse();
  let container = lca;
  for (const group of entering) {
    const port = `in:${group}:${e.from}`;
    addPort(group, port, "NORTH");
    addPiece(container, `piece:${port}`, source, port, { edge: e.key, from: e.from, to: null });
    source = port;
    container = group;
  }
  addPiece(container, e.key, source, e.to, { edge: e.key, from: e.from, to: e.to });
}
