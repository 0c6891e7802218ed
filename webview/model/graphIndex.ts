// An index over a trace's graph that every view shares: adjacency, a topological order, the module
// tree (groups) and the flags each node carries. Built once per trace result.
import type { CheckResult, GraphNode, LayerFlag, LayerInfo, ParameterInfo, TraceResult } from "../../src/protocol";

/** Path of the root group (nodes outside any module, or in the model itself). */
export const ROOT = "";

/** A module in the graph: a box that can be expanded or collapsed. */
export interface GroupInfo {
  path: string;
  /** Last path segment ("0" for layers.0). */
  name: string;
  parent: string | null;
  depth: number;
  /** Child groups, in execution order (by their first node). */
  children: string[];
  /** Nodes whose innermost module is this one. */
  directNodes: number[];
  /** Every node inside, nested groups included, ascending id. */
  nodes: number[];
}

/** Why a node is marked in the graph. */
export type NodeFlagKind = LayerFlag | "anomaly" | "check-fail" | "suspect";

/** A mark on a node or group, with the sentence that explains it. */
export interface NodeFlag {
  kind: NodeFlagKind;
  text: string;
}

/** The shared index of one trace. Node ids are indices into graph.nodes. */
export interface GraphIndex {
  result: TraceResult;
  nodes: readonly GraphNode[];
  /** Input node ids of each node, by input number. */
  inputs: number[][];
  /** Nodes that read each node, ascending. */
  consumers: number[][];
  /** A topological order (inputs first). */
  order: number[];
  /** Group path of each node. */
  groupOf: string[];
  groups: Map<string, GroupInfo>;
  paramByNode: Map<number, ParameterInfo>;
  paramByName: Map<string, ParameterInfo>;
  checkByParam: Map<string, CheckResult>;
  layerByName: Map<string, LayerInfo>;
  /** Class name of a module path (from the trace's module list, else its layer row), or "". */
  moduleKind(path: string): string;
  nodeFlags: Map<number, NodeFlag[]>;
  groupFlags: Map<string, NodeFlag[]>;
}

/** Builds the index of a trace result. */
export function buildGraphIndex(result: TraceResult): GraphIndex {
  const nodes = result.graph.nodes;
  const n = nodes.length;
  const inputs: number[][] = Array.from({ length: n }, () => []);
  const consumers: number[][] = Array.from({ length: n }, () => []);
  for (const e of result.graph.edges) {
    if (e.from < 0 || e.from >= n || e.to < 0 || e.to >= n) continue;
    inputs[e.to][e.input] = e.from;
    consumers[e.from].push(e.to);
  }
  for (let i = 0; i < n; i++) {
    inputs[i] = inputs[i].filter((x) => x !== undefined);
    consumers[i] = [...new Set(consumers[i])].sort((a, b) => a - b);
  }
  const paramByNode = new Map<number, ParameterInfo>();
  const paramByName = new Map<string, ParameterInfo>();
  for (const p of result.parameters) {
    paramByName.set(p.name, p);
    if (p.nodeId !== null) paramByNode.set(p.nodeId, p);
  }
  const groupOf = nodes.map((node) => {
    const owner = node.kind === "param" ? paramByNode.get(node.id)?.module : undefined;
    return owner ?? node.module ?? ROOT;
  });
  const layerByName = new Map(result.layers.map((l) => [l.name, l]));
  const kinds = result.graph.modules;
  const index: GraphIndex = {
    result,
    nodes,
    inputs,
    consumers,
    order: topologicalOrder(inputs, consumers),
    groupOf,
    groups: buildGroups(groupOf),
    paramByNode,
    paramByName,
    checkByParam: new Map(result.checks.map((c) => [c.param, c])),
    layerByName,
    moduleKind: (path) => (kinds !== undefined && Object.hasOwn(kinds, path) ? kinds[path] : (layerByName.get(path)?.kind ?? "")),
    nodeFlags: new Map(),
    groupFlags: new Map(),
  };
  collectFlags(index);
  return index;
}

/** The chain of group paths from the outermost module down to `path` (root excluded). */
export function groupChain(path: string): string[] {
  if (path === ROOT) return [];
  const parts = path.split(".");
  return parts.map((_, i) => parts.slice(0, i + 1).join("."));
}

/** The group path's parent ("" for a top-level module). */
export function parentPath(path: string): string {
  const i = path.lastIndexOf(".");
  return i < 0 ? ROOT : path.slice(0, i);
}

/** Whether `inner` is `outer` or nested inside it. */
export function isWithin(inner: string, outer: string): boolean {
  return outer === ROOT || inner === outer || inner.startsWith(`${outer}.`);
}

function buildGroups(groupOf: readonly string[]): Map<string, GroupInfo> {
  const groups = new Map<string, GroupInfo>();
  const ensure = (path: string): GroupInfo => {
    let g = groups.get(path);
    if (g) return g;
    const parent = path === ROOT ? null : parentPath(path);
    g = { path, name: path.slice(path.lastIndexOf(".") + 1), parent, depth: path === ROOT ? 0 : path.split(".").length, children: [], directNodes: [], nodes: [] };
    groups.set(path, g);
    if (parent !== null) {
      const p = ensure(parent);
      p.children.push(path);
    }
    return g;
  };
  ensure(ROOT);
  groupOf.forEach((path, id) => {
    ensure(path).directNodes.push(id);
    groups.get(ROOT)!.nodes.push(id);
    for (const g of groupChain(path)) ensure(g).nodes.push(id);
  });
  // Children in execution order: by their first node (a module is "first" when its first op ran first).
  for (const g of groups.values()) g.children.sort((a, b) => firstNode(groups.get(a)!) - firstNode(groups.get(b)!));
  return groups;
}

function firstNode(g: GroupInfo): number {
  return g.nodes.length > 0 ? g.nodes[0] : Number.MAX_SAFE_INTEGER;
}

function topologicalOrder(inputs: readonly number[][], consumers: readonly number[][]): number[] {
  const n = inputs.length;
  // Ids are creation order, which is already topological for traces from our engine; check it cheaply.
  if (inputs.every((ins, to) => ins.every((from) => from < to))) return Array.from({ length: n }, (_, i) => i);
  const indegree = inputs.map((ins) => ins.length);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) queue.push(i);
  const order: number[] = [];
  for (let k = 0; k < queue.length; k++) {
    const id = queue[k];
    order.push(id);
    for (const c of consumers[id]) {
      indegree[c] -= inputs[c].filter((x) => x === id).length;
      if (indegree[c] === 0) queue.push(c);
    }
  }
  // A cycle cannot come from a real trace; keep whatever is left in id order rather than lose nodes.
  if (order.length < n) {
    const seen = new Set(order);
    for (let i = 0; i < n; i++) if (!seen.has(i)) order.push(i);
  }
  return order;
}

function collectFlags(index: GraphIndex): void {
  const { result } = index;
  const add = <K>(map: Map<K, NodeFlag[]>, key: K, flag: NodeFlag): void => {
    const list = map.get(key) ?? [];
    if (!list.some((f) => f.kind === flag.kind && f.text === flag.text)) list.push(flag);
    map.set(key, list);
  };
  for (const layer of result.layers) {
    layer.flags.forEach((kind, i) => {
      const flag = { kind, text: layer.reasons[i] ?? `${layer.name}: ${kind}` };
      add(index.groupFlags, layer.name, flag);
      for (const id of layer.outputNodes) if (id >= 0 && id < index.nodes.length) add(index.nodeFlags, id, flag);
    });
  }
  for (const a of result.anomalies) {
    if (a.nodeId >= 0 && a.nodeId < index.nodes.length) add(index.nodeFlags, a.nodeId, { kind: "anomaly", text: a.message });
  }
  for (const c of result.checks) {
    if (c.status !== "fail") continue;
    const p = index.paramByName.get(c.param);
    if (p?.nodeId != null) add(index.nodeFlags, p.nodeId, { kind: "check-fail", text: `Gradient check failed for ${c.param}` });
    if (c.suspect?.nodeId != null) add(index.nodeFlags, c.suspect.nodeId, { kind: "suspect", text: c.suspect.evidence });
  }
  for (const s of result.checkSummary.suspects) {
    if (s.nodeId !== null) add(index.nodeFlags, s.nodeId, { kind: "suspect", text: s.evidence });
  }
}
