// The part of a huge shown graph nearest the loss: laying out thousands of boxes takes seconds (and
// overflows ELK's recursion on very deep graphs), while the backward pass starts at the loss anyway.
// Boxes are kept by their distance from the loss, up to a limit; everything further up becomes one
// "⋯ N more nodes" box that feeds the kept part.
import type { GraphIndex } from "./graphIndex";
import type { VisibleEdge, VisibleGraph, VisibleItem } from "./visibleGraph";

/** Key of the "more nodes" box. */
export const MORE_KEY = "more";

/** Keeps the `limit` boxes nearest the loss (fewer edges away first, later ops first on ties). */
export function lossWindow(index: GraphIndex, graph: VisibleGraph, limit: number): VisibleGraph {
  if (graph.leafCount <= limit) return graph;
  const preds = new Map<string, string[]>();
  for (const e of graph.edges) preds.set(e.to, [...(preds.get(e.to) ?? []), e.from]);
  const dist = new Map<string, number>();
  const rootKey = graph.repOf[index.result.graph.root];
  const queue = rootKey ? [rootKey] : [];
  if (rootKey) dist.set(rootKey, 0);
  for (let k = 0; k < queue.length; k++) {
    const key = queue[k];
    for (const p of preds.get(key) ?? []) {
      if (dist.has(p)) continue;
      dist.set(p, dist.get(key)! + 1);
      queue.push(p);
    }
  }
  const firstNode = new Map<string, number>();
  graph.repOf.forEach((key, id) => {
    if (key !== undefined && !firstNode.has(key)) firstNode.set(key, id);
  });
  const leaves = graph.items.filter((i) => !(i.kind === "group" && i.expanded));
  leaves.sort((a, b) => (dist.get(a.key) ?? Infinity) - (dist.get(b.key) ?? Infinity) || (firstNode.get(b.key) ?? 0) - (firstNode.get(a.key) ?? 0));
  const kept = new Set(leaves.slice(0, limit - 1).map((i) => i.key));
  for (const key of [...kept]) for (let p = graph.byKey.get(key)?.parent ?? null; p !== null; p = graph.byKey.get(p)?.parent ?? null) kept.add(p);
  const repOf = graph.repOf.map((key) => (key !== undefined && kept.has(key) ? key : MORE_KEY));
  const hiddenNodes = repOf.filter((k, id) => k === MORE_KEY && index.nodes[id].kind !== "constant").length;
  const more: VisibleItem = { kind: "more", key: MORE_KEY, parent: null, boxes: graph.leafCount - (limit - 1), nodes: hiddenNodes };
  const items = [more, ...graph.items.filter((i) => kept.has(i.key))];
  const edges = new Map<string, VisibleEdge>();
  for (const e of graph.edges) {
    if (!kept.has(e.to)) continue;
    if (kept.has(e.from)) {
      edges.set(e.key, e);
      continue;
    }
    const key = `${MORE_KEY}->${e.to}`;
    const prev = edges.get(key);
    if (prev) {
      prev.count += e.count;
      prev.fromNodes = [...new Set([...prev.fromNodes, ...e.fromNodes])];
      prev.norm = prev.norm === null ? e.norm : e.norm === null ? prev.norm : Math.hypot(prev.norm, e.norm);
      prev.nonFinite ||= e.nonFinite;
    } else edges.set(key, { ...e, key, from: MORE_KEY });
  }
  return { items, byKey: new Map(items.map((i) => [i.key, i])), edges: [...edges.values()], repOf, leafCount: leaves.filter((i) => kept.has(i.key)).length + 1 };
}
