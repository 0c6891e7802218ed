// Hand-built traces for the structure tests: a list of nodes (op, module, inputs, gradient norm)
// becomes a TraceResult whose statistics say exactly what each test needs.
import type { GraphNode, LayerInfo, ParameterInfo, TensorStats, TraceResult } from "../../src/protocol";
import { resolveOptions } from "../../src/trace/options";

/** One node of a mini trace. Leaves have no inputs; `param` names a parameter. */
export interface MiniNode {
  op: string;
  module?: string | null;
  inputs?: number[];
  shape?: number[];
  /** Gradient norm (null: no gradient). Default 1. */
  grad?: number | null;
  kind?: GraphNode["kind"];
  label?: string;
  param?: string;
}

/** Statistics with a given norm (other fields plausible). */
export function statsWithNorm(norm: number | null, numel = 4): TensorStats {
  return { numel, norm, mean: 0, std: norm === null ? null : norm / Math.sqrt(numel), min: null, max: null, zeroFraction: 0, nan: 0, inf: 0 };
}

/** A TraceResult from mini nodes; the last node is the loss. */
export function miniTrace(spec: MiniNode[], layers: Partial<LayerInfo>[] = []): TraceResult {
  const parameters: ParameterInfo[] = [];
  const nodes: GraphNode[] = spec.map((s, id) => {
    const kind = s.kind ?? (s.param ? "param" : (s.inputs?.length ?? 0) > 0 ? "op" : "input");
    const shape = s.shape ?? [2, 2];
    const numel = shape.reduce((a, b) => a * b, 1);
    const grad = s.grad === undefined ? 1 : s.grad;
    if (s.param) {
      parameters.push({ name: s.param, shape, numel, loc: null, module: s.module ?? null, nodeId: id, value: statsWithNorm(1, numel), grad: grad === null ? null : statsWithNorm(grad, numel), gradNorm: grad, valueNorm: 1, gradToValueRatio: grad, updateRatio: null });
    }
    return { id, op: kind === "op" ? s.op : "leaf", kind, shape, dtype: "float64", module: s.module ?? null, loc: null, value: statsWithNorm(1, numel), grad: grad === null ? null : statsWithNorm(grad, numel), ...(s.label ? { label: s.label } : {}) };
  });
  const edges = spec.flatMap((s, to) => (s.inputs ?? []).map((from, input) => ({ from, to, input })));
  return traceOf({
    loss: 1,
    parameters,
    layers: layers.map((l, depth) => ({ name: "", kind: "Linear", role: "params", depth, params: [], paramGradNorm: null, outGradNorm: null, activation: null, deadFraction: null, saturatedFraction: null, updateRatio: null, flags: [], reasons: [], loc: null, outputNodes: [], ...l })),
    graph: { nodes, edges, root: nodes.length - 1, truncated: false, totalNodes: nodes.length },
  });
}

/** A trace result of the given graph, parameters and layers: no checks, anomalies, history or warnings. */
export function traceOf(parts: Pick<TraceResult, "loss" | "parameters" | "layers" | "graph">): TraceResult {
  return {
    schema: "backprop-lens/trace@1",
    seed: 0,
    options: resolveOptions({ check: "sample", includeValues: true }),
    ...parts,
    checks: [],
    checkSummary: { mode: "off", passed: 0, failed: 0, kinks: 0, evaluations: 0, suspects: [] },
    anomalies: [],
    history: [],
    warnings: [],
    timings: { trace: 0, checks: 0, history: 0, total: 0 },
  };
}

/** A chain of `blocks` identical blocks (matmul with its own weight, then tanh) under blocks.<i>. */
export function blockChain(blocks: number, shapes: number[][] = []): MiniNode[] {
  const nodes: MiniNode[] = [{ op: "leaf", label: "x" }];
  let x = 0;
  for (let b = 0; b < blocks; b++) {
    const shape = shapes[b] ?? [2, 2];
    nodes.push({ op: "leaf", module: `blocks.${b}.lin`, param: `blocks.${b}.lin.weight`, shape });
    nodes.push({ op: "matmul", module: `blocks.${b}.lin`, inputs: [x, nodes.length - 1], shape, grad: Math.pow(10, -b) });
    nodes.push({ op: "tanh", module: `blocks.${b}`, inputs: [nodes.length - 1], shape, grad: Math.pow(10, -b) });
    x = nodes.length - 1;
  }
  nodes.push({ op: "sum", inputs: [x], shape: [] });
  return nodes;
}
