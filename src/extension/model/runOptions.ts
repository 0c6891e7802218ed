// The extension's settings, and the runner options each kind of trace is started with.
import type { CheckMode, TraceOptionsInput } from "../../protocol";

/** The backpropLens.* settings, read and checked (settings.ts reads them from VS Code). */
export interface LensSettings {
  check: { mode: CheckMode; atol: number; rtol: number; eps: number };
  thresholds: { vanishingRelative: number; vanishingAbsolute: number; explodingRelative: number; explodingAbsolute: number };
  /** Optimizer steps "Train and Trace" runs. */
  steps: number;
  timeLimitSeconds: number;
  memoryLimitMb: number;
  traceOnSave: boolean;
}

/** What a trace is for: the plain trace (check mode from the settings), full checks, or N training steps. */
export type TraceKind = "trace" | "check" | "train";

/** What the runner is given. */
export interface TraceRunOptions {
  trace: TraceOptionsInput;
  timeoutMs: number;
  memoryMb: number;
}

/** Runner options of a trace of `kind`; `steps` overrides the setting for "train". */
export function runOptionsFor(kind: TraceKind, s: LensSettings, steps?: number): TraceRunOptions {
  const trace: TraceOptionsInput = {
    check: kind === "check" ? "full" : s.check.mode,
    atol: s.check.atol,
    rtol: s.check.rtol,
    eps: s.check.eps,
    thresholds: { ...s.thresholds },
  };
  if (kind === "train") trace.steps = Math.max(1, Math.round(steps ?? s.steps));
  return { trace, timeoutMs: Math.round(s.timeLimitSeconds * 1000), memoryMb: Math.round(s.memoryLimitMb) };
}
