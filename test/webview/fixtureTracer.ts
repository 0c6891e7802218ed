// A small stand-in for the real tracer, for the webview's fixtures: runs a loss function on our engine,
// records the graph through the engine's observer hook, and fills a TraceResult with real values,
// gradients, finite-difference checks and (optionally) a short SGD history.
import { type Tensor, noGrad } from "backprop-lens";
import { scopeStack, setObserver } from "../../src/engine/autograd";
import type { Module } from "../../src/engine/nn/module";
import type { CheckElement, CheckResult, GraphEdge, GraphNode, HistoryStep, LayerInfo, ParameterInfo, TraceResult } from "../../src/protocol";
import { tensorStats } from "./fixtureStats";
import { buildLayers, defaultOptions } from "./fixtureLayers";

/** What a fixture traces. `loss` is called afresh for every pass, as model files require. */
export interface FixtureSpec {
  file: string;
  loss: () => Tensor;
  model?: Module;
  /** Names of free parameters (tensors made with param()). */
  params?: Record<string, Tensor>;
  steps?: number;
  lr?: number;
  /** Elements checked per parameter (the rest are skipped, as the sample mode does). */
  checkElements?: number;
}

/** Traces a fixture model into a TraceResult. */
export function traceFixture(spec: FixtureSpec): TraceResult {
  const modulePath = new Map<object, string>((spec.model?.namedModules() ?? []).map(([p, m]) => [m, p]));
  const scopeOf = new Map<Tensor, string | null>();
  const grads = new Map<Tensor, Float64Array>();
  const record = (t: Tensor): void => {
    const stack = scopeStack();
    let path: string | null = null;
    for (let i = stack.length - 1; i >= 0 && path === null; i--) path = modulePath.get(stack[i]) ?? null;
    scopeOf.set(t, path);
  };
  const prev = setObserver({
    onOp: record,
    onLeaf: record,
    onGrad: (node, g) => grads.set(node, Float64Array.from(g.data)),
  });
  let loss: Tensor;
  try {
    loss = spec.loss();
    loss.backward();
  } finally {
    setObserver(prev);
  }
  const named = new Map<Tensor, string>();
  for (const [name, p] of spec.model?.namedParameters() ?? []) named.set(p, name);
  for (const [name, p] of Object.entries(spec.params ?? {})) named.set(p, name);

  const tensors = reachable(loss);
  const idOf = new Map(tensors.map((t, i) => [t, i]));
  const nodes: GraphNode[] = tensors.map((t, id) => toNode(t, id, scopeOf, grads, named, spec.file));
  const edges: GraphEdge[] = [];
  tensors.forEach((t, to) => t.parents.forEach((p, input) => edges.push({ from: idOf.get(p)!, to, input })));
  const root = idOf.get(loss)!;
  const parameters: ParameterInfo[] = [...named].map(([p, name]) => {
    const g = grads.get(p) ?? null;
    const gradStats = g ? tensorStats(g, true) : null;
    const valueNorm = Math.hypot(...p.data);
    return {
      name,
      shape: [...p.shape],
      numel: p.data.length,
      loc: { file: spec.file, line: 3 + [...named.keys()].indexOf(p), column: 1 },
      module: name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : spec.params?.[name] ? null : "",
      nodeId: idOf.get(p) ?? null,
      value: tensorStats(p.data, true),
      grad: gradStats,
      gradNorm: gradStats?.norm ?? null,
      valueNorm,
      gradToValueRatio: gradStats?.norm != null && valueNorm > 0 ? gradStats.norm / valueNorm : null,
      updateRatio: null,
      ...(p.data.length <= 16 ? { values: [...p.data], gradValues: g ? [...g] : undefined } : {}),
    };
  });
  const options = defaultOptions();
  const layers: LayerInfo[] = buildLayers(spec.model, nodes, edges, root, parameters, options.thresholds);
  const checks = [...named].map(([p, name]) => checkParam(spec.loss, p, name, grads.get(p) ?? new Float64Array(p.data.length), spec.checkElements ?? 6));
  const history = spec.steps ? train(spec, [...named.keys()], layers, parameters) : [];
  return {
    schema: "backprop-lens/trace@1",
    loss: loss.data[0],
    seed: 0,
    options,
    parameters,
    layers,
    graph: { nodes, edges, root, truncated: false, totalNodes: nodes.length },
    checks,
    checkSummary: {
      mode: "sample",
      passed: checks.filter((c) => c.status === "pass").length,
      failed: checks.filter((c) => c.status === "fail").length,
      kinks: checks.filter((c) => c.status === "kink").length,
      evaluations: checks.reduce((s, c) => s + 2 * c.elementsChecked + 2, 0),
      suspects: [],
    },
    anomalies: [],
    history,
    warnings: [],
    timings: { trace: 1, checks: 1, history: 0, total: 2 },
  };
}

// Every tensor the loss depends on (inputs that need no gradient too), in creation order.
function reachable(loss: Tensor): Tensor[] {
  const seen = new Set<Tensor>([loss]);
  const stack = [loss];
  while (stack.length > 0) {
    const t = stack.pop()!;
    for (const p of t.parents) if (!seen.has(p)) {
      seen.add(p);
      stack.push(p);
    }
  }
  return [...seen].sort((a, b) => a.id - b.id);
}

function toNode(t: Tensor, id: number, scopeOf: Map<Tensor, string | null>, grads: Map<Tensor, Float64Array>, named: Map<Tensor, string>, file: string): GraphNode {
  const g = grads.get(t) ?? null;
  const isLeaf = t.op === "leaf";
  const kind = isLeaf ? (t.requiresGrad ? "param" : t.shape.length === 0 && t.label === undefined ? "constant" : "input") : "op";
  const node: GraphNode = {
    id,
    op: t.op,
    kind,
    shape: [...t.shape],
    dtype: t.dtype,
    module: scopeOf.get(t) ?? null,
    loc: { file, line: 10 + (id % 17), column: 5 },
    value: tensorStats(t.data, false),
    grad: g ? tensorStats(g, true) : null,
  };
  const label = named.get(t) ?? t.label;
  if (label !== undefined) node.label = label;
  if (t.attrs && Object.keys(t.attrs).length > 0) {
    const { custom, ...attrs } = t.attrs as Record<string, unknown>;
    if (custom === true) node.custom = true;
    if (Object.keys(attrs).length > 0) node.attrs = attrs;
  }
  if (t.data.length <= 64) {
    node.values = [...t.data];
    if (g) node.gradValues = [...g];
  }
  return node;
}

// Central differences on a few elements and one random direction, as the sample mode does.
function checkParam(lossFn: () => Tensor, p: Tensor, name: string, analytic: Float64Array, count: number): CheckResult {
  const eps = 1e-6;
  const f = (): number => noGrad(() => lossFn().data[0]);
  const compare = (index: number, position: number[], a: number, n: number): CheckElement => {
    const abs = Math.abs(a - n);
    const rel = a === 0 && n === 0 ? 0 : abs / Math.max(Math.abs(a), Math.abs(n));
    return { index, position, analytic: a, numeric: n, absError: abs, relError: rel, status: abs <= 1e-5 + 1e-3 * Math.abs(n) ? "pass" : "fail" };
  };
  const elements: CheckElement[] = [];
  const step = Math.max(1, Math.floor(p.data.length / count));
  for (let i = 0; i < p.data.length && elements.length < count; i += step) {
    const old = p.data[i];
    p.data[i] = old + eps;
    const up = f();
    p.data[i] = old - eps;
    const down = f();
    p.data[i] = old;
    elements.push(compare(i, unravel(i, p.shape), analytic[i], (up - down) / (2 * eps)));
  }
  const v = Float64Array.from(p.data, (_, i) => Math.sin(7 * i + 1));
  const shift = (s: number): number => {
    const old = Float64Array.from(p.data);
    p.data.forEach((x, i) => (p.data[i] = x + s * v[i]));
    const out = f();
    p.data.set(old);
    return out;
  };
  const directional = compare(-1, [], analytic.reduce((s, g, i) => s + g * v[i], 0), (shift(eps) - shift(-eps)) / (2 * eps));
  const worst = [...elements].sort((a, b) => (b.relError as number) - (a.relError as number)).slice(0, 5);
  const failures = elements.filter((e) => e.status === "fail").length + (directional.status === "fail" ? 1 : 0);
  return {
    param: name,
    mode: "sample",
    status: failures > 0 ? "fail" : "pass",
    directional,
    elementsChecked: elements.length,
    elementsTotal: p.data.length,
    failures,
    kinks: 0,
    maxAbsError: Math.max(0, ...elements.map((e) => e.absError as number)),
    maxRelError: Math.max(0, ...elements.map((e) => e.relError as number)),
    worst,
  };
}

function unravel(i: number, shape: readonly number[]): number[] {
  const pos = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    pos[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return pos;
}

function train(spec: FixtureSpec, params: Tensor[], layers: LayerInfo[], infos: ParameterInfo[]): HistoryStep[] {
  const lr = spec.lr ?? 0.1;
  const history: HistoryStep[] = [];
  const layerOf = (name: string): number => layers.findIndex((l) => l.params.includes(name));
  for (let step = 1; step <= (spec.steps ?? 0); step++) {
    for (const p of params) p.grad = null;
    const loss = spec.loss();
    loss.backward();
    const norms = params.map((p) => (p.grad ? Math.hypot(...p.grad.data) : null));
    const sq = new Array<number>(layers.length).fill(0);
    infos.forEach((info, k) => {
      const li = layerOf(info.name);
      if (li >= 0) sq[li] += (norms[k] ?? 0) ** 2;
    });
    history.push({
      step,
      loss: loss.data[0],
      paramGradNorms: norms,
      paramUpdateRatios: norms.map(() => null),
      layerGradNorms: layers.map((l, i) => (l.role === "params" ? Math.sqrt(sq[i]) : null)),
      layerUpdateRatios: layers.map(() => null),
    });
    noGrad(() => params.forEach((p) => p.grad && p.data.forEach((x, i) => (p.data[i] = x - lr * p.grad!.data[i]))));
  }
  for (const p of params) p.grad = null;
  return history;
}
