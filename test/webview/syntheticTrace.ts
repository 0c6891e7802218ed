// A synthetic TraceResult of any size, shaped like a transformer stack (blocks of attention, norm and
// MLP ops under module paths), for the layout benchmark and the collapse tests. Statistics are
// plausible but made up: gradients shrink with depth from the loss, so the colours have something to show.
import type { GraphEdge, GraphNode, LayerInfo, ParameterInfo, TensorStats, TraceResult } from "../../src/protocol";
import { traceOf } from "./miniTrace";

interface Step {
  op: string;
  /** Inputs: "x" (the block input), "p:<name>" (a block parameter), "c" (a constant) or an earlier step index. */
  ins: (string | number)[];
  module: string;
}

// One block: self-attention, residual, layer norm, MLP, residual, layer norm (~40 nodes with its leaves).
const BLOCK: Step[] = [
  { op: "matmul", ins: ["x", "p:attn.wq"], module: "attn" },
  { op: "matmul", ins: ["x", "p:attn.wk"], module: "attn" },
  { op: "matmul", ins: ["x", "p:attn.wv"], module: "attn" },
  { op: "permute", ins: [1], module: "attn" },
  { op: "matmul", ins: [0, 3], module: "attn" },
  { op: "mul", ins: [4, "c"], module: "attn" },
  { op: "softmax", ins: [5], module: "attn" },
  { op: "matmul", ins: [6, 2], module: "attn" },
  { op: "matmul", ins: [7, "p:attn.wo"], module: "attn" },
  { op: "add", ins: ["x", 8], module: "" },
  { op: "mean", ins: [9], module: "norm1" },
  { op: "sub", ins: [9, 10], module: "norm1" },
  { op: "powScalar", ins: [11], module: "norm1" },
  { op: "mean", ins: [12], module: "norm1" },
  { op: "sqrt", ins: [13], module: "norm1" },
  { op: "div", ins: [11, 14], module: "norm1" },
  { op: "mul", ins: [15, "p:norm1.weight"], module: "norm1" },
  { op: "add", ins: [16, "p:norm1.bias"], module: "norm1" },
  { op: "matmul", ins: [17, "p:mlp.w1"], module: "mlp" },
  { op: "add", ins: [18, "p:mlp.b1"], module: "mlp" },
  { op: "gelu", ins: [19], module: "mlp" },
  { op: "matmul", ins: [20, "p:mlp.w2"], module: "mlp" },
  { op: "add", ins: [21, "p:mlp.b2"], module: "mlp" },
  { op: "add", ins: [17, 22], module: "" },
  { op: "mul", ins: [23, "p:norm2.weight"], module: "norm2" },
  { op: "add", ins: [24, "p:norm2.bias"], module: "norm2" },
];

/** Nodes per block (ops, parameter leaves and the constant). */
export const BLOCK_NODES = BLOCK.length + new Set(BLOCK.flatMap((s) => s.ins.filter((i) => typeof i === "string" && i.startsWith("p:")))).size + 1;

/** A transformer-like trace with about `target` nodes; `modules: false` leaves every node at the top level. */
export function syntheticTrace(target: number, { modules = true } = {}): TraceResult {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const parameters: ParameterInfo[] = [];
  const layers: LayerInfo[] = [];
  const blocks = Math.max(1, Math.round((target - 6) / BLOCK_NODES));
  const add = (op: string, kind: GraphNode["kind"], shape: number[], module: string | null, ins: number[], label?: string): number => {
    const id = nodes.length;
    nodes.push({ id, op, kind, shape, dtype: "float64", module: modules ? module : null, loc: { file: "/workspace/model.ts", line: 20 + (id % 40), column: 7 }, value: stats(shape, 1), grad: null, ...(label ? { label } : {}) });
    ins.forEach((from, input) => edges.push({ from, to: id, input }));
    return id;
  };
  const x0 = add("leaf", "input", [16, 32], null, [], "x");
  let x = add("matmul", "op", [16, 32], "embed", [x0, addParam("embed.weight", [32, 32], "embed")]);
  function addParam(name: string, shape: number[], module: string): number {
    const id = add("leaf", "param", shape, module, [], name);
    parameters.push({ name, shape, numel: shape.reduce((a, b) => a * b, 1), loc: nodes[id].loc, module: modules ? module : null, nodeId: id, value: stats(shape, 1), grad: null, gradNorm: null, valueNorm: 1, gradToValueRatio: null, updateRatio: null });
    return id;
  }
  for (let b = 0; b < blocks; b++) {
    const base = `blocks.${b}`;
    const local: number[] = [];
    const params = new Map<string, number>();
    const c = add("leaf", "constant", [], base, []);
    for (const s of BLOCK) {
      const ins = s.ins.map((i) => {
        if (i === "x") return x;
        if (i === "c") return c;
        if (typeof i === "number") return local[i];
        const name = i.slice(2);
        if (!params.has(name)) params.set(name, addParam(`${base}.${name}`, [32, 32], `${base}.${name.slice(0, name.lastIndexOf("."))}`));
        return params.get(name)!;
      });
      local.push(add(s.op, "op", s.op === "mean" ? [16, 1] : [16, 32], s.module ? `${base}.${s.module}` : base, ins));
    }
    x = local[local.length - 1];
    layers.push({ name: base, kind: "TransformerBlock", role: "params", depth: b, params: [...params.keys()].map((n) => `${base}.${n}`), paramGradNorm: null, outGradNorm: null, activation: null, deadFraction: null, saturatedFraction: null, updateRatio: null, flags: [], reasons: [], loc: nodes[x].loc, outputNodes: [x] });
  }
  const head = add("matmul", "op", [16, 1], "head", [x, addParam("head.weight", [32, 1], "head")]);
  const root = add("mean", "op", [], null, [add("powScalar", "op", [16, 1], null, [head])], "loss");
  // Gradients: 1 at the loss, shrinking by a steady factor per step back, so depth shows as colour.
  const depth = new Array<number>(nodes.length).fill(0);
  for (const e of [...edges].sort((a, b) => b.to - a.to)) depth[e.from] = Math.max(depth[e.from], depth[e.to] + 1);
  nodes.forEach((n) => {
    if (n.kind === "input" || n.kind === "constant") return;
    n.grad = stats(n.shape, Math.pow(10, -depth[n.id] / 40));
  });
  for (const p of parameters) {
    p.grad = nodes[p.nodeId!].grad;
    p.gradNorm = p.grad?.norm ?? null;
  }
  for (const l of layers) {
    l.paramGradNorm = Math.sqrt(l.params.reduce((s, name) => s + (parameters.find((p) => p.name === name)?.gradNorm ?? 0) ** 2, 0));
    l.outGradNorm = nodes[l.outputNodes[0]].grad?.norm ?? null;
  }
  return traceOf({ loss: 0.731, parameters, layers, graph: { nodes, edges, root, truncated: false, totalNodes: nodes.length } });
}

function stats(shape: number[], norm: number): TensorStats {
  const numel = shape.reduce((a, b) => a * b, 1);
  const e = Math.floor(Math.log10(norm / Math.sqrt(numel)));
  return {
    numel,
    norm,
    mean: numel === 1 ? norm : 0,
    std: norm / Math.sqrt(numel),
    min: -2 * norm / Math.sqrt(numel),
    max: 2 * norm / Math.sqrt(numel),
    zeroFraction: 0,
    nan: 0,
    inf: 0,
    hist: { lo: e - 2, hi: e + 1, counts: [Math.ceil(numel * 0.05), Math.ceil(numel * 0.3), numel - Math.ceil(numel * 0.05) - Math.ceil(numel * 0.3)], under: 0, over: 0 },
  };
}
