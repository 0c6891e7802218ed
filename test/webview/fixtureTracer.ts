// The webview's fixtures, traced by the real tracer (src/trace) on our engine: real values, gradients,
// finite-difference checks, layers and (optionally) a short SGD history.
import type { Tensor } from "backprop-lens";
import { optim } from "backprop-lens";
import type { Module } from "../../src/engine/nn/module";
import type { SourceLoc, TraceResult } from "../../src/protocol";
import { startLeafRecording } from "../../src/trace/env";
import { traceModel } from "../../src/trace/traceModel";

/** What a fixture traces (a model file's default export). `loss` is called afresh for every pass. */
export interface FixtureSpec {
  loss: () => Tensor;
  model?: Module;
  /** Names of free parameters (tensors made with param()). */
  params?: Record<string, Tensor>;
  steps?: number;
  lr?: number;
  /** Elements sampled per parameter by the check. */
  checkElements?: number;
}

/**
 * Traces a fixture as the runner traces a model file: leaf creation is recorded while `build` makes
 * the model (the model file's evaluation), then the spec it returns is traced. Fixtures have no source
 * file, so every call gets a distinct, plausible location in `file`.
 */
export function traceFixture(file: string, build: () => FixtureSpec): TraceResult {
  let line = 0;
  const locate = (): SourceLoc => ({ file, line: 10 + (line++ % 17), column: 5 });
  const leaves = startLeafRecording(locate);
  let spec: FixtureSpec;
  try {
    spec = build();
  } finally {
    leaves.stop();
  }
  for (const [name, t] of Object.entries(spec.params ?? {})) t.label = name;
  const params = spec.model?.parameters() ?? Object.values(spec.params ?? {});
  const steps = spec.steps ?? 0;
  const optimizer = steps > 0 ? new optim.SGD(params, { lr: spec.lr ?? 0.1 }) : undefined;
  return traceModel(
    { loss: spec.loss, model: spec.model, optimizer, steps },
    { check: "sample", sampleSize: spec.checkElements ?? 16, includeValues: true },
    { locate, leaves },
  );
}
