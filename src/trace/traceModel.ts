// The tracer's entry point: one traced forward + backward of the model spec's loss, then the layer
// verdicts, anomalies, gradient checks and training history, as one plain-JSON TraceResult.
import { setObserver } from "../engine/autograd";
import type { CheckMode, CheckResult, CheckSummary, OpRef, TraceOptions, TraceOptionsInput, TraceResult } from "../protocol";
import { backwardAnomaly, forwardAnomaly } from "./anomalies";
import { Capture, type NodeRec } from "./capture";
import type { TraceEnv } from "./env";
import { type CheckContext, checkParam } from "./gradcheck";
import { buildGraph } from "./graph";
import { runHistory } from "./history";
import { buildLayers } from "./layers";
import { localize, opRef } from "./localize";
import { ModuleNamer } from "./modulePaths";
import { resolveOptions } from "./options";
import { SourceText } from "./paramNames";
import { type ParamEntry, collectParams, parameterInfo } from "./params";
import { type Spec, normalizeSpec, optimizerParams, runLoss, seedFor } from "./spec";
import { jsonNumber } from "./stats";

/**
 * Traces a model spec (the model file's default export): synchronous, runs where the spec was loaded
 * (the runner's worker). Errors thrown by the user's code propagate unchanged; a spec or options
 * that make no sense throw a TypeError/RangeError saying what is wrong.
 */
export function traceModel(specArg: unknown, options: TraceOptionsInput, env: TraceEnv): TraceResult {
  const start = performance.now();
  const opts = resolveOptions(options);
  const spec = normalizeSpec(specArg);
  env.leaves?.stop();
  const seed = seedFor(opts.seed);
  const source = env.userSource === undefined ? null : new SourceText(env.userSource, env.userFile);
  const warnings: string[] = [];
  const prevObserver = setObserver(null);
  try {
    // 1. The traced pass.
    env.onProgress?.({ phase: "trace", done: 0, total: 2 });
    const namer = new ModuleNamer(spec.model);
    const known = [...(spec.model?.parameters() ?? []), ...optimizerParams(spec.optimizer)];
    for (const p of known) p.grad = null;
    const capture = new Capture(env, namer, opts, env.leaves);
    setObserver(capture);
    const loss = runLoss(spec, seed);
    env.onProgress?.({ phase: "trace", done: 1, total: 2 });
    if (!loss.requiresGrad) {
      throw new TypeError("model spec: the loss does not depend on any parameter (nothing in its graph requires grad); create parameters with param() or nn modules, and do not detach them or compute the loss under noGrad()");
    }
    const root = capture.idOf(loss);
    if (root === undefined) throw new TypeError(`model spec: loss() returned a leaf tensor (${loss.label ?? "a parameter"}); compute the loss from parameters with ops`);
    const nodes = capture.nodes;
    // Gradients the model file may have left on free params would add to this pass's.
    for (const n of nodes) if (n.kind === "param") n.t.grad = null;
    loss.backward();
    setObserver(null);
    env.onProgress?.({ phase: "trace", done: 2, total: 2 });

    const params = collectParams(namer, capture, optimizerParams(spec.optimizer), env.leaves, source);
    const parameters = params.map((p) => parameterInfo(p, opts));
    const layers = buildLayers(nodes, root, namer.modules, params, opts.thresholds);
    const anomalies = [forwardAnomaly(nodes, root), backwardAnomaly(nodes, root, capture.firstBadGrad)].filter((a) => a !== null);
    const graph = buildGraph(nodes, root, params, source, opts.maxGraphNodes, namer.modules);
    const traced = performance.now();

    // 2. Gradient checks (parameters are restored exactly after every nudge).
    // With a NaN/Inf in the pass, failures are explained by the anomaly: no search for a wrong backward.
    const { checks, summary } = runChecks(spec, seed, opts.check, params, nodes, root, { ...opts, localize: opts.localize && anomalies.length === 0 }, env, warnings);
    const checked = performance.now();

    // 3. Training history.
    const steps = opts.steps ?? spec.steps;
    if (steps > 0 && spec.optimizer === undefined) warnings.push(`steps is ${steps} but the model file gives no optimizer: no training history was recorded`);
    const history = runHistory(spec, seed, steps, params, layers, (done) => env.onProgress?.({ phase: "history", done, total: steps }));
    warnings.push(...history.warnings);
    const first = history.steps[0];
    if (first !== undefined) {
      parameters.forEach((p, i) => (p.updateRatio = first.paramUpdateRatios[i]));
      layers.forEach((l, i) => (l.updateRatio = first.layerUpdateRatios[i]));
    }
    const end = performance.now();

    return {
      schema: "backprop-lens/trace@1",
      loss: jsonNumber(loss.item()),
      seed,
      options: opts,
      parameters,
      layers,
      graph,
      checks,
      checkSummary: summary,
      anomalies,
      history: history.steps,
      warnings,
      timings: { trace: traced - start, checks: checked - traced, history: end - checked, total: end - start },
    };
  } finally {
    setObserver(prevObserver);
  }
}

/** Runs the checks of every parameter for the mode, then looks for the op to blame if any failed. */
function runChecks(spec: Spec, seed: number, mode: CheckMode, params: readonly ParamEntry[], nodes: readonly NodeRec[], root: number, opts: TraceOptions, env: TraceEnv, warnings: string[]): { checks: CheckResult[]; summary: CheckSummary } {
  const summary: CheckSummary = { mode, passed: 0, failed: 0, kinks: 0, evaluations: 0, suspects: [] };
  if (mode === "off") return { checks: [], summary };
  const bySeq = new Map<number, NodeRec>();
  for (const n of nodes) if (n.seq >= 0) bySeq.set(n.seq, n);
  const total = params.reduce((s, p) => s + 2 + 2 * (mode === "fast" ? 0 : mode === "full" || p.t.numel <= opts.checkAllUpTo ? p.t.numel : Math.min(p.t.numel, opts.sampleSize)), 0);
  const ctx: CheckContext = {
    spec,
    seed,
    opts,
    opAt: (seq): OpRef | null => {
      const n = bySeq.get(seq);
      return n === undefined ? null : opRef(n);
    },
    counted: (n) => {
      summary.evaluations += n;
      env.onProgress?.({ phase: "checks", done: Math.min(summary.evaluations, total), total });
    },
  };
  const checks: CheckResult[] = [];
  params.forEach((p, i) => {
    if (p.transient) {
      warnings.push(`${p.name} is created inside loss(), so finite differences cannot move it: not checked`);
      return;
    }
    checks.push(checkParam(p, i, mode, ctx));
  });
  const failing = checks.map((c) => ({ c, p: params.find((q) => q.name === c.param)! })).filter(({ c }) => c.status === "fail");
  if (failing.length > 0 && opts.localize) {
    const ids = failing.map(({ p }) => p.nodeId).filter((id): id is number => id !== null);
    const suspect = ids.length > 0 ? localize(nodes, root, ids, ctx) : null;
    if (suspect !== null) {
      summary.suspects.push(suspect);
      for (const { c, p } of failing) if (p.nodeId !== null && suspect.nodeId !== null && reaches(nodes, p.nodeId, suspect.nodeId)) c.suspect = suspect;
    }
  }
  for (const c of checks) summary[c.status === "pass" ? "passed" : c.status === "fail" ? "failed" : "kinks"]++;
  return { checks, summary };
}

/** True if node `to` is `from` or reads it, directly or not. */
function reaches(nodes: readonly NodeRec[], from: number, to: number): boolean {
  const seen = new Set<number>([from]);
  const queue = [from];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (id === to) return true;
    for (const c of nodes[id].consumers) {
      if (seen.has(c)) continue;
      seen.add(c);
      queue.push(c);
    }
  }
  return false;
}
