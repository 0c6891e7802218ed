// The parameters of a trace: module parameters under their namedParameters paths, then free param()s
// named after the variable they were assigned to (else `param<k>`), each with its creation site.
import type { Tensor } from "../engine/tensor";
import type { ParameterInfo, SourceLoc, TensorStats } from "../protocol";
import type { Capture } from "./capture";
import type { LeafRecording } from "./env";
import type { ModuleNamer } from "./modulePaths";
import { type SourceText, uniqueNames } from "./paramNames";
import { jsonArray, normOf, ratio, summarize } from "./stats";

/** A parameter as the trace phases use it. */
export interface ParamEntry {
  name: string;
  t: Tensor;
  /** Owning module path; null for free params. */
  module: string | null;
  loc: SourceLoc | null;
  nodeId: number | null;
  /** Made inside loss(): a fresh tensor each call, so finite differences cannot move it. */
  transient: boolean;
  /** Summaries of the value and of the gradient of the traced pass (null: none reached it). */
  value: TensorStats;
  grad: TensorStats | null;
}

/**
 * Collects the parameters: every module parameter the namer knows, then every leaf of the captured
 * graph that requires grad, then the optimizer's remaining ones — each once.
 */
export function collectParams(namer: ModuleNamer, capture: Capture, extra: readonly Tensor[], leaves: LeafRecording | undefined, source: SourceText | null): ParamEntry[] {
  const seen = new Set<Tensor>();
  const entries: ParamEntry[] = [];
  const locOf = (t: Tensor): SourceLoc | null => {
    const id = capture.idOf(t);
    return (id !== undefined ? capture.nodes[id].loc : null) ?? leaves?.locOf(t) ?? null;
  };
  const add = (name: string, t: Tensor, module: string | null): void => {
    seen.add(t);
    const id = capture.idOf(t);
    // The capture already summarised the parameters the loss reads: reuse, do not pass over them again.
    const node = id === undefined ? null : capture.nodes[id];
    const value = node?.value ?? summarize(t.data);
    const grad = node !== null ? node.grad : t.grad === null ? null : summarize(t.grad.data, true);
    entries.push({ name, t, module, loc: locOf(t), nodeId: id ?? null, transient: capture.madeDuringPass(t), value, grad });
  };
  for (const p of namer.namedParameters()) add(p.name, p.param, p.module);
  const free = new Set<Tensor>();
  for (const n of capture.nodes) if (n.kind === "param" && !seen.has(n.t)) free.add(n.t);
  for (const t of extra) if (!seen.has(t)) free.add(t);
  [...free].sort((a, b) => a.id - b.id).forEach((t, k) => add(t.label ?? source?.assignedName(locOf(t)) ?? `param${k}`, t, null));
  const names = uniqueNames(entries.map((e) => e.name));
  entries.forEach((e, i) => {
    e.name = names[i];
    // The label shows up in engine messages (optimizer errors) and the graph.
    e.t.label ??= e.name;
  });
  return entries;
}

/** The JSON record of a parameter (before any optimizer step). */
export function parameterInfo(e: ParamEntry, opts: { includeValues: boolean; valueSizeCap: number }): ParameterInfo {
  const { value, grad } = e;
  const gradNorm = normOf(grad);
  const valueNorm = normOf(value);
  const info: ParameterInfo = {
    name: e.name,
    shape: [...e.t.shape],
    numel: e.t.numel,
    loc: e.loc,
    module: e.module,
    nodeId: e.nodeId,
    value,
    grad,
    gradNorm,
    valueNorm,
    gradToValueRatio: ratio(gradNorm, valueNorm),
    updateRatio: null,
  };
  if (opts.includeValues && e.t.numel <= opts.valueSizeCap) {
    info.values = jsonArray(e.t.data);
    if (e.t.grad !== null) info.gradValues = jsonArray(e.t.grad.data);
  }
  return info;
}
