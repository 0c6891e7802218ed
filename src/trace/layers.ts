// Layers in depth order (modules with parameters, and activation modules), their gradient norms and
// activation statistics, and the verdicts: vanishing, exploding, dead-relu, saturated, nan.
import type { Module } from "../engine/nn/module";
import type { Tensor } from "../engine/tensor";
import type { ActivationKind, LayerInfo, TensorStats, VerdictThresholds } from "../protocol";
import type { NodeRec } from "./capture";
import type { NamedModule } from "./modulePaths";
import type { ParamEntry } from "./params";
import { activationStats } from "./activations";
import { normOf } from "./stats";
import { verdicts } from "./verdicts";

const ACTIVATIONS: ReadonlySet<string> = new Set<ActivationKind>(["relu", "tanh", "sigmoid"]);

/** True if module path `m` is `path` or inside it ("" is the model: everything in a module). */
function inside(path: string, m: string | null): boolean {
  return m !== null && (path === "" || m === path || (m.startsWith(path) && m[path.length] === "."));
}

interface Draft {
  info: LayerInfo;
  module: Module;
  outputs: NodeRec[];
  order: number;
}

/** Builds the layer table from the captured graph, the known modules and the parameters (with their grads). */
export function buildLayers(nodes: readonly NodeRec[], root: number, modules: readonly NamedModule[], params: readonly ParamEntry[], th: VerdictThresholds): LayerInfo[] {
  const byTensor: ReadonlyMap<Tensor, ParamEntry> = new Map(params.map((p) => [p.t, p]));
  const drafts = new Map<string, Draft>();
  modules.forEach(({ path, module }, order) => {
    const own = module.namedOwnParameters();
    const role = own.length > 0 ? "params" : module.namedChildren().length === 0 ? "activation" : null;
    if (role === null) return;
    const names = own.map(([, p]) => byTensor.get(p)?.name ?? p.label ?? "?");
    const first = own.length > 0 ? byTensor.get(own[0][1]) : undefined;
    drafts.set(path, {
      module,
      order,
      outputs: [],
      info: {
        name: path, kind: module.kind, role, depth: 0, params: names,
        paramGradNorm: null, outGradNorm: null, activation: null, deadFraction: null, saturatedFraction: null,
        updateRatio: null, flags: [], reasons: [], loc: first?.loc ?? null, outputNodes: [],
      },
    });
  });
  assignOutputs(nodes, root, drafts);

  const layers: Draft[] = [];
  for (const d of drafts.values()) {
    const { info, outputs } = d;
    if (info.role === "activation") {
      // An activation module: parameter-free, no children, and its output comes from an activation op.
      if (outputs.length === 0 || !outputs.every((n) => ACTIVATIONS.has(n.t.op))) continue;
      info.activation = outputs[0].t.op as ActivationKind;
      info.loc = outputs[0].loc;
      Object.assign(info, activationStats(outputs, info.activation, th));
    } else {
      info.paramGradNorm = ownGradNorm(d.module, byTensor);
      // An activation applied right after the layer, outside any activation module, is reported here.
      const follow = outputs.flatMap((n) => n.consumers.map((c) => nodes[c])).filter((c) => ACTIVATIONS.has(c.t.op) && !isActivationLayerOutput(c, drafts));
      if (follow.length > 0) {
        info.activation = follow[0].t.op as ActivationKind;
        Object.assign(info, activationStats(follow.filter((c) => c.t.op === info.activation), info.activation, th));
      }
    }
    info.outGradNorm = outGradNorm(outputs);
    info.outputNodes = outputs.map((n) => n.id);
    layers.push(d);
  }
  // Depth order: when the layer first produced an output; layers that never ran keep module order, last.
  const firstSeq = (d: Draft): number => (d.outputs.length > 0 ? Math.min(...d.outputs.map((n) => (n.seq < 0 ? Infinity : n.seq))) : Infinity);
  layers.sort((a, b) => firstSeq(a) - firstSeq(b) || a.order - b.order);
  const infos = layers.map((d, i) => ({ ...d.info, depth: i }));
  verdicts(infos, layers.map((d) => nonFinite(d, byTensor)), th);
  return infos;
}

/** Outputs of a module: nodes made inside it that an op outside it reads, or the loss itself. */
function assignOutputs(nodes: readonly NodeRec[], root: number, drafts: Map<string, Draft>): void {
  for (const n of nodes) {
    if (n.kind !== "op" || n.module === null) continue;
    for (let path: string | null = n.module; path !== null; path = parentPath(path)) {
      const d = drafts.get(path);
      if (d === undefined) continue;
      const p = path;
      if (n.id === root || n.consumers.some((c) => !inside(p, nodes[c].module))) d.outputs.push(n);
    }
  }
}

/** "a.b.c" → "a.b" → "a" → "" → null. */
function parentPath(path: string): string | null {
  if (path === "") return null;
  const i = path.lastIndexOf(".");
  return i < 0 ? "" : path.slice(0, i);
}

function isActivationLayerOutput(n: NodeRec, drafts: Map<string, Draft>): boolean {
  const d = n.module === null ? undefined : drafts.get(n.module);
  return d !== undefined && d.info.role === "activation" && d.module.namedChildren().length === 0;
}

/** ‖g‖ over the module's own parameters, from their summaries; null if none got a gradient or one is not finite. */
function ownGradNorm(m: Module, byTensor: ReadonlyMap<Tensor, ParamEntry>): number | null {
  let sq = 0;
  let any = false;
  for (const [, p] of m.namedOwnParameters()) {
    const g = byTensor.get(p)?.grad ?? null;
    if (g === null) continue;
    const n = normOf(g);
    if (n === null) return null;
    any = true;
    sq += n * n;
  }
  return any && Number.isFinite(sq) ? Math.sqrt(sq) : null;
}

function outGradNorm(outputs: readonly NodeRec[]): number | null {
  let sq = 0;
  let any = false;
  for (const n of outputs) {
    if (n.grad === null) continue;
    any = true;
    if (n.grad.norm === null) return null;
    sq += n.grad.norm * n.grad.norm;
  }
  return any && Number.isFinite(sq) ? Math.sqrt(sq) : null;
}

/** True if the layer's outputs, their gradients or its parameters' gradients hold a NaN or Inf. */
function nonFinite(d: Draft, byTensor: ReadonlyMap<Tensor, ParamEntry>): boolean {
  const bad = (s: TensorStats | null | undefined): boolean => s !== null && s !== undefined && s.nan + s.inf > 0;
  return d.outputs.some((n) => bad(n.value) || bad(n.grad)) || d.module.namedOwnParameters().some(([, p]) => bad(byTensor.get(p)?.grad));
}
