// The graph as currently shown: expanded modules are containers, collapsed modules and merged
// "× N" runs are single boxes, and edges are re-routed to whatever box represents their ends.
import { type GroupStats, statsOfGroup, statsOfNodes } from "./aggregates";
import { type GraphIndex, ROOT } from "./graphIndex";
import type { RepeatRun } from "./repeats";

/** Which modules are collapsed and which repeat runs are merged into one "× N" box. */
export interface CollapseState {
  /** Collapsed group paths. */
  collapsed: ReadonlySet<string>;
  /** Merged repeat run ids. */
  merged: ReadonlySet<string>;
}

/** A box or container in the shown graph. `parent` is the key of the expanded group holding it (null = top). */
export type VisibleItem =
  | { kind: "node"; key: string; parent: string | null; nodeId: number }
  | { kind: "group"; key: string; parent: string | null; path: string; expanded: true }
  | { kind: "group"; key: string; parent: string | null; path: string; expanded: false; stats: GroupStats }
  | { kind: "repeat"; key: string; parent: string | null; run: RepeatRun; stats: GroupStats; memberNorms: (number | null)[] }
  | { kind: "more"; key: string; parent: null; boxes: number; nodes: number };

/** An edge between shown boxes: one or more graph edges merged. */
export interface VisibleEdge {
  key: string;
  from: string;
  to: string;
  /** Distinct graph nodes whose values flow along it. */
  fromNodes: number[];
  /** Graph edges merged into it. */
  count: number;
  /** ‖dL/d(value)‖ of what flows along it (combined over its source nodes); colours the edge. */
  norm: number | null;
  nonFinite: boolean;
}

/** The shown graph. Items are listed parents first, in execution order. */
export interface VisibleGraph {
  items: VisibleItem[];
  byKey: Map<string, VisibleItem>;
  edges: VisibleEdge[];
  /** Key of the box that shows each graph node. */
  repOf: string[];
  /** Boxes (nodes, collapsed groups, repeats): what the layout has to place. */
  leafCount: number;
}

/** Key of a graph node's own box. */
export const nodeKey = (id: number): string => `n${id}`;
/** Key of a module's box. */
export const groupKey = (path: string): string => `g:${path}`;
/** Key of a repeat run's box. */
export const repeatKey = (run: RepeatRun): string => `r:${run.members[0]}`;

/** Builds the shown graph for a collapse state. */
export function buildVisibleGraph(index: GraphIndex, runs: readonly RepeatRun[], state: CollapseState): VisibleGraph {
  const runOfMember = new Map<string, RepeatRun>();
  for (const run of runs) if (state.merged.has(run.id)) for (const m of run.members) if (!runOfMember.has(m)) runOfMember.set(m, run);
  const items: VisibleItem[] = [];
  const repOf = new Array<string>(index.nodes.length);
  let leafCount = 0;

  const hide = (ids: readonly number[], key: string): void => {
    for (const id of ids) repOf[id] = key;
  };
  const visit = (path: string, parentKey: string | null): void => {
    const g = index.groups.get(path)!;
    const entries: { first: number; emit: () => void }[] = [];
    for (const id of g.directNodes) {
      // Constants (plain numbers the engine wrapped) are shown inside their consumer's box instead.
      if (index.nodes[id].kind === "constant") continue;
      entries.push({ first: id, emit: () => {
        const key = nodeKey(id);
        items.push({ kind: "node", key, parent: parentKey, nodeId: id });
        repOf[id] = key;
        leafCount++;
      } });
    }
    for (const child of g.children) {
      const cg = index.groups.get(child)!;
      const run = runOfMember.get(child);
      if (run && run.members[0] !== child) continue;
      entries.push({ first: cg.nodes[0] ?? Number.MAX_SAFE_INTEGER, emit: () => {
        if (!run && isDissolved(index, child)) {
          // A module around a single op (an activation), or holding only parameters whose ops ran
          // elsewhere, adds a frame and no information: show its nodes where the module would be.
          for (const id of cg.nodes) {
            if (index.nodes[id].kind === "constant") continue;
            items.push({ kind: "node", key: nodeKey(id), parent: parentKey, nodeId: id });
            repOf[id] = nodeKey(id);
            leafCount++;
          }
        } else if (run) {
          const key = repeatKey(run);
          const memberIds = run.members.flatMap((m) => index.groups.get(m)!.nodes);
          const memberStats = run.members.map((m) => statsOfGroup(index, m));
          const memberNorms = memberStats.map((s) => s.outGradNorm);
          const stats = statsOfNodes(index, memberIds);
          stats.flags = memberStats.flatMap((s) => s.flags);
          stats.kind = index.layerByName.get(run.members[0])?.kind ?? null;
          items.push({ kind: "repeat", key, parent: parentKey, run, stats, memberNorms });
          hide(memberIds, key);
          leafCount++;
        } else if (state.collapsed.has(child)) {
          const key = groupKey(child);
          items.push({ kind: "group", key, parent: parentKey, path: child, expanded: false, stats: statsOfGroup(index, child) });
          hide(cg.nodes, key);
          leafCount++;
        } else {
          const key = groupKey(child);
          items.push({ kind: "group", key, parent: parentKey, path: child, expanded: true });
          visit(child, key);
        }
      } });
    }
    entries.sort((a, b) => a.first - b.first);
    for (const e of entries) e.emit();
  };
  visit(ROOT, null);

  const edges = new Map<string, VisibleEdge & { sources: Set<number> }>();
  for (const e of index.result.graph.edges) {
    const a = repOf[e.from];
    const b = repOf[e.to];
    if (a === undefined || b === undefined || a === b) continue;
    const key = `${a}->${b}`;
    let edge = edges.get(key);
    if (!edge) {
      edge = { key, from: a, to: b, fromNodes: [], count: 0, norm: null, nonFinite: false, sources: new Set() };
      edges.set(key, edge);
    }
    edge.count++;
    edge.sources.add(e.from);
  }
  const out: VisibleEdge[] = [];
  for (const { sources, ...edge } of edges.values()) {
    edge.fromNodes = [...sources].sort((x, y) => x - y);
    let sq = 0;
    let any = false;
    for (const id of edge.fromNodes) {
      const g = index.nodes[id].grad;
      if (g === null) continue;
      if (g.nan > 0 || g.inf > 0) edge.nonFinite = true;
      if (g.norm !== null) {
        sq += g.norm ** 2;
        any = true;
      }
    }
    edge.norm = any ? Math.sqrt(sq) : null;
    out.push(edge);
  }
  return { items, byKey: new Map(items.map((i) => [i.key, i])), edges: out, repOf, leafCount };
}

/** A module drawn without a frame: one shown node (constants aside) and no modules, or no op at all. */
export function isDissolved(index: GraphIndex, path: string): boolean {
  const g = index.groups.get(path);
  if (!g) return false;
  let shown = 0;
  let ops = 0;
  for (const n of g.nodes) {
    const kind = index.nodes[n].kind;
    if (kind !== "constant") shown++;
    if (kind === "op") ops++;
  }
  return (g.children.length === 0 && shown === 1) || ops === 0;
}

/** Boxes a dissolved module contributes (its shown nodes). */
export function dissolvedBoxes(index: GraphIndex, path: string): number {
  return index.groups.get(path)!.nodes.filter((n) => index.nodes[n].kind !== "constant").length;
}
