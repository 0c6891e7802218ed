// The three benchmark models on our engine (float64), built with nn modules (modelSpecs.ts) so the
// benchmark times what users' models run.
import * as api from "../src/api";
import type { BenchModel } from "./data";
import { type BenchSpec, cnnSpec, mlpSpec, transformerSpec } from "./modelSpecs";

/** A benchmark step over a spec: clear the grads, forward, backward. */
export function specModel(spec: BenchSpec): BenchModel {
  let last = NaN;
  return {
    step() {
      for (const p of spec.params) p.grad = null;
      const l = spec.loss();
      l.backward();
      last = l.item();
    },
    lastLoss: () => last,
  };
}

/** MLP 784-512-256-10, ReLU, cross-entropy. */
export const oursMlp = (): BenchModel => specModel(mlpSpec(api));
/** conv-relu-pool ×2, linear, cross-entropy. */
export const oursCnn = (): BenchModel => specModel(cnnSpec(api));
/** Two transformer encoder layers, mean-pool, linear, cross-entropy. */
export const oursTransformer = (): BenchModel => specModel(transformerSpec(api));
