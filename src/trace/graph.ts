// The captured nodes as the JSON graph: nodes with op, shape, module, location, summaries and labels
// (parameter names; variables that op results were assigned to), and one edge per op input.
import type { GraphEdge, GraphNode, TraceGraph } from "../protocol";
import type { NodeRec } from "./capture";
import type { NamedModule } from "./modulePaths";
import type { SourceText } from "./paramNames";
import type { ParamEntry } from "./params";
import { jsonNumber } from "./stats";

/** Builds the graph JSON, keeping at most `maxNodes` nodes (the first ones, and always the loss). */
export function buildGraph(nodes: readonly NodeRec[], root: number, params: readonly ParamEntry[], source: SourceText | null, maxNodes: number, modules: readonly NamedModule[]): TraceGraph {
  const labels = nodeLabels(nodes, params, source);
  const owner = new Map(params.map((p) => [p.t, p.module]));
  const keep = (id: number): boolean => id < maxNodes - 1 || id === root;
  const out: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const n of nodes) {
    if (!keep(n.id)) continue;
    const g: GraphNode = {
      id: n.id,
      op: n.t.op,
      kind: n.kind,
      shape: [...n.t.shape],
      dtype: n.t.dtype,
      module: n.kind === "param" ? (owner.get(n.t) ?? null) : n.module,
      loc: n.loc,
      value: n.value,
      grad: n.grad,
    };
    const label = labels.get(n.id);
    if (label !== undefined) g.label = label;
    const attrs = jsonAttrs(n.t.attrs);
    if (attrs !== null) g.attrs = attrs;
    if (n.t.attrs?.custom === true) g.custom = true;
    if (n.values !== undefined) g.values = n.values;
    if (n.gradValues !== undefined) g.gradValues = n.gradValues;
    out.push(g);
    n.inputs.forEach((from, input) => {
      if (keep(from)) edges.push({ from, to: n.id, input });
    });
  }
  // NOTE: fromEntries makes own properties even of a path such as "__proto__".
  const kinds: Record<string, string> = Object.fromEntries(modules.map((m) => [m.path, m.module.kind]));
  return { nodes: out, edges, root, truncated: out.length < nodes.length, totalNodes: nodes.length, modules: kinds };
}

/**
 * Labels: a parameter's name; the tensor's own label; or, for the last op or input made at a source
 * location, the variable it was assigned to there (`const h = x.mul(w)` labels the mul "h",
 * `const x = randn([16, 4])` the input "x").
 */
function nodeLabels(nodes: readonly NodeRec[], params: readonly ParamEntry[], source: SourceText | null): Map<number, string> {
  const labels = new Map<number, string>();
  const names = new Map(params.map((p) => [p.t, p.name]));
  const lastAt = new Map<string, NodeRec>();
  for (const n of nodes) {
    const name = names.get(n.t) ?? n.t.label;
    if (name !== undefined) labels.set(n.id, name);
    else if (n.kind !== "param" && n.kind !== "constant" && n.loc !== null) lastAt.set(`${n.loc.file}:${n.loc.line}:${n.loc.column}`, n);
  }
  if (source !== null) {
    for (const n of lastAt.values()) {
      const name = source.assignedName(n.loc);
      if (name !== null) labels.set(n.id, name);
    }
  }
  return labels;
}

/** The attrs that are plain JSON (numbers, strings, booleans, null, arrays of those); null if none. */
function jsonAttrs(attrs: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> | null {
  if (attrs === undefined) return null;
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "custom") continue;
    const j = jsonValue(v);
    if (j === undefined) continue;
    out[k] = j;
    any = true;
  }
  return any ? out : null;
}

function jsonValue(v: unknown): unknown {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return jsonNumber(v);
  if (Array.isArray(v)) {
    const items = v.map(jsonValue);
    return items.every((x) => x !== undefined) ? items : undefined;
  }
  return undefined;
}
