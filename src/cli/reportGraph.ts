// The node-by-node listing of a small computation graph: what the lecture's worked examples walk
// through (each node's op, inputs, value, and the gradient backward left on it).
import type { GraphNode, TraceGraph } from "../protocol";
import type { ReportContext } from "./reportTables";
import { clip, num, pad } from "./style";

/** A node's short name: its label (parameter or variable name), else #id. */
function nodeName(n: GraphNode): string {
  return n.label ?? (n.kind === "constant" ? num(n.value.mean) : `#${n.id}`);
}

/** Scalars show their value; tensors their shape. */
function valueCell(n: GraphNode): string {
  return n.shape.length === 0 || n.value.numel === 1 ? num(n.value.mean) : `[${n.shape.join(", ")}]`;
}

/** Scalars show ∂L/∂node; tensors its norm ‖∂L/∂node‖. */
function gradCell(n: GraphNode): string {
  if (n.grad === null) return "—";
  return n.value.numel === 1 ? num(n.grad.mean) : `‖${num(n.grad.norm)}‖`;
}

/** The graph in forward order, one line per node. */
export function graphTable(graph: TraceGraph, ctx: ReportContext): string[] {
  const s = ctx.style;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const inputs = new Map<number, string[]>();
  for (const e of [...graph.edges].sort((a, b) => a.input - b.input)) {
    const from = byId.get(e.from);
    if (from === undefined) continue;
    const list = inputs.get(e.to) ?? [];
    list[e.input] = nodeName(from);
    inputs.set(e.to, list);
  }
  const nameW = Math.min(12, Math.max(4, ...graph.nodes.map((n) => nodeName(n).length)));
  const opW = Math.min(14, Math.max(2, ...graph.nodes.map((n) => (n.kind === "op" ? n.op : n.kind).length)));
  const lines = [s.bold("Graph") + s.dim("  (forward order; backward leaves ∂L/∂node on every node)")];
  lines.push(s.dim(`  ${pad("node", nameW)}  ${pad("op", opW)}  ${pad("inputs", 16)}  ${pad("value", 12, true)}  ${pad("∂L/∂node", 10, true)}  line`));
  for (const n of graph.nodes) {
    if (n.kind === "constant") continue;
    const op = n.kind === "op" ? n.op : s.dim(n.kind);
    const ins = clip((inputs.get(n.id) ?? []).join(", "), 16);
    const line = n.loc ? s.dim(String(n.loc.line)) : "";
    const name = n.id === graph.root ? s.bold(clip(nodeName(n), nameW)) : clip(nodeName(n), nameW);
    lines.push(`  ${pad(name, nameW)}  ${pad(op, opW)}  ${pad(ins, 16)}  ${pad(valueCell(n), 12, true)}  ${pad(gradCell(n), 10, true)}  ${line}`);
  }
  return lines;
}
