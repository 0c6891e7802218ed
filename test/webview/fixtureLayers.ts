// Layer statistics and verdicts for the webview fixtures, following DESIGN.md's thresholds.
import type { Module } from "../../src/engine/nn/module";
import type { ActivationKind, GraphEdge, GraphNode, LayerFlag, LayerInfo, ParameterInfo, TraceOptions, VerdictThresholds } from "../../src/protocol";

/** The protocol's default options. */
export function defaultOptions(): TraceOptions {
  return {
    check: "sample",
    eps: 1e-6,
    atol: 1e-5,
    rtol: 1e-3,
    checkAllUpTo: 64,
    sampleSize: 16,
    sampleLargest: 4,
    worstElements: 5,
    checkSeed: 1,
    localize: true,
    localizeMaxNodes: 200,
    includeValues: true,
    valueSizeCap: 1024,
    maxGraphNodes: 200000,
    steps: null,
    seed: null,
    thresholds: {
      vanishingRelative: 1e-3,
      vanishingAbsolute: 1e-7,
      explodingRelative: 1e3,
      explodingAbsolute: 1e3,
      deadReluFraction: 0.5,
      tanhLimit: 0.97,
      sigmoidLow: 0.03,
      sigmoidHigh: 0.97,
      saturatedFraction: 0.5,
    },
  };
}

const ACTIVATIONS: Record<string, ActivationKind> = { ReLU: "relu", Tanh: "tanh", Sigmoid: "sigmoid" };

/** Layers (modules with parameters, and activation modules) in depth order, with flags. */
export function buildLayers(model: Module | undefined, nodes: GraphNode[], edges: GraphEdge[], root: number, params: ParameterInfo[], t: VerdictThresholds): LayerInfo[] {
  if (!model) return [];
  const consumers = new Map<number, number[]>();
  for (const e of edges) consumers.set(e.from, [...(consumers.get(e.from) ?? []), e.to]);
  const within = (m: string | null, path: string): boolean => m !== null && (m === path || m.startsWith(`${path}.`));
  const layers: LayerInfo[] = [];
  for (const [path, m] of model.namedModules()) {
    if (path === "") continue;
    const own = params.filter((p) => p.module === path);
    const activation = ACTIVATIONS[m.kind] ?? null;
    if (own.length === 0 && activation === null) continue;
    const inside = nodes.filter((n) => n.kind === "op" && within(n.module, path));
    if (inside.length === 0) continue;
    const outputs = inside.filter((n) => n.id === root || (consumers.get(n.id) ?? []).some((c) => !within(nodes[c].module, path)));
    const outSq = outputs.reduce((s, n) => s + (n.grad?.norm ?? 0) ** 2, 0);
    const paramSq = own.reduce((s, p) => s + (p.gradNorm ?? 0) ** 2, 0);
    let deadFraction: number | null = null;
    let saturatedFraction: number | null = null;
    const out = outputs[outputs.length - 1];
    if (activation && out?.values) {
      const v = out.values.map(Number);
      const cols = out.shape.length >= 2 ? out.shape[out.shape.length - 1] : v.length;
      const rows = v.length / cols;
      if (activation === "relu") {
        let dead = 0;
        for (let c = 0; c < cols; c++) {
          let all = true;
          for (let r = 0; r < rows; r++) if (v[r * cols + c] !== 0) all = false;
          if (all) dead++;
        }
        deadFraction = dead / cols;
      } else {
        const sat = v.filter((x) => (activation === "tanh" ? Math.abs(x) > t.tanhLimit : x < t.sigmoidLow || x > t.sigmoidHigh)).length;
        saturatedFraction = sat / v.length;
      }
    }
    layers.push({
      name: path,
      kind: m.kind,
      role: own.length > 0 ? "params" : "activation",
      depth: inside[0].id,
      params: own.map((p) => p.name),
      paramGradNorm: own.length > 0 ? Math.sqrt(paramSq) : null,
      outGradNorm: outputs.length > 0 ? Math.sqrt(outSq) : null,
      activation,
      deadFraction,
      saturatedFraction,
      updateRatio: null,
      flags: [],
      reasons: [],
      loc: own[0]?.loc ?? inside[0].loc,
      outputNodes: outputs.map((n) => n.id),
    });
  }
  layers.sort((a, b) => a.depth - b.depth);
  layers.forEach((l, i) => (l.depth = i));
  flag(layers, t);
  return layers;
}

// As src/trace/verdicts.ts: a layer is judged against the same-role layers from it to the loss.
function flag(layers: LayerInfo[], t: VerdictThresholds): void {
  const add = (l: LayerInfo, f: LayerFlag, reason: string): void => {
    l.flags.push(f);
    l.reasons.push(reason);
  };
  const normOf = (l: LayerInfo): number | null => (l.role === "params" ? l.paramGradNorm : l.outGradNorm);
  layers.forEach((l, i) => {
    const rest = layers.slice(i).filter((x) => x.role === l.role).map(normOf).filter((v): v is number => v !== null).sort((a, b) => a - b);
    const max = rest.length > 0 ? rest[rest.length - 1] : 0;
    const median = rest.length > 0 ? (rest.length % 2 ? rest[rest.length >> 1] : (rest[(rest.length >> 1) - 1] + rest[rest.length >> 1]) / 2) : 0;
    const g = normOf(l);
    if (g !== null && (g < t.vanishingAbsolute || g < t.vanishingRelative * max)) {
      add(l, "vanishing", `‖g‖ = ${g.toExponential(1)} is below ${t.vanishingRelative} × the largest of the layers from it to the loss (${max.toExponential(1)})`);
    }
    if (g !== null && (g > t.explodingAbsolute || (median > 0 && g > t.explodingRelative * median))) {
      add(l, "exploding", `‖g‖ = ${g.toExponential(1)} is above ${t.explodingRelative} × the median of the layers from it to the loss (${median.toExponential(1)})`);
    }
    if (l.deadFraction !== null && l.deadFraction >= t.deadReluFraction) {
      add(l, "dead-relu", `${Math.round(l.deadFraction * 100)}% of units are zero for every example`);
    }
    if (l.saturatedFraction !== null && l.saturatedFraction >= t.saturatedFraction) {
      add(l, "saturated", `${Math.round(l.saturatedFraction * 100)}% of ${l.activation} outputs are saturated`);
    }
  });
}
