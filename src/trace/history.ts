// Training history: runs the model file's optimizer for its number of steps and records, per step,
// the loss, gradient norms and update ratios ‖Δw‖/‖w‖ per parameter and per layer.
import type { HistoryStep, LayerInfo } from "../protocol";
import type { ParamEntry } from "./params";
import { type Spec, runLoss } from "./spec";
import { finiteOrNull, jsonNumber, l2norm } from "./stats";

/** The recorded steps, and why training stopped early if it did. */
export interface History {
  steps: HistoryStep[];
  warnings: string[];
}

/** Runs `steps` optimizer steps (zeroGrad, forward, backward, record, step). */
export function runHistory(spec: Spec, seed: number, steps: number, params: readonly ParamEntry[], layers: readonly LayerInfo[], progress: (done: number) => void): History {
  const opt = spec.optimizer;
  const out: History = { steps: [], warnings: [] };
  if (opt === undefined || steps === 0) return out;
  const index = new Map(params.map((p, i) => [p.name, i]));
  const layerParams = layers.map((l) => (l.role === "params" ? l.params.map((n) => index.get(n)).filter((i): i is number => i !== undefined) : null));
  for (let step = 1; step <= steps; step++) {
    opt.zeroGrad();
    for (const p of params) p.t.grad = null;
    const loss = runLoss(spec, seed);
    const value = loss.item();
    if (loss.requiresGrad) loss.backward();
    const gradSq = params.map((p) => (p.t.grad === null ? null : l2norm(p.t.grad.data) ** 2));
    const before = params.map((p) => p.t.data.slice());
    opt.step();
    const deltaSq = params.map((p, i) => {
      const b = before[i];
      const d = p.t.data;
      let s = 0;
      for (let k = 0; k < d.length; k++) s += (d[k] - b[k]) ** 2;
      return s;
    });
    const weightSq = before.map((b) => l2norm(b) ** 2);
    const sqrtOrNull = (v: number | null): number | null => (v === null ? null : finiteOrNull(Math.sqrt(v)));
    const ratioOf = (d: number, w: number): number | null => (w > 0 ? finiteOrNull(Math.sqrt(d / w)) : null);
    const sum = (ids: readonly number[], xs: readonly (number | null)[]): number | null => {
      let s = 0;
      let any = false;
      for (const i of ids) {
        const x = xs[i];
        if (x === null) continue;
        s += x;
        any = true;
      }
      return any ? s : null;
    };
    out.steps.push({
      step,
      loss: jsonNumber(value),
      paramGradNorms: gradSq.map(sqrtOrNull),
      paramUpdateRatios: params.map((_, i) => ratioOf(deltaSq[i], weightSq[i])),
      layerGradNorms: layerParams.map((ids) => (ids === null ? null : sqrtOrNull(sum(ids, gradSq)))),
      layerUpdateRatios: layerParams.map((ids) => (ids === null ? null : ratioOf(sum(ids, deltaSq) ?? 0, sum(ids, weightSq) ?? 0))),
    });
    progress(step);
    if (!Number.isFinite(value)) {
      out.warnings.push(`training stopped at step ${step}: the loss is ${jsonNumber(value)}`);
      break;
    }
  }
  return out;
}
