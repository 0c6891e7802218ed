// Trace option defaults and their validation. The defaults are documented on TraceOptions in protocol.ts.
import type { CheckMode, TraceOptions, TraceOptionsInput, VerdictThresholds } from "../protocol";

/** Default layer-verdict thresholds. */
export const defaultThresholds: Readonly<VerdictThresholds> = Object.freeze({
  vanishingRelative: 1e-3,
  vanishingAbsolute: 1e-7,
  explodingRelative: 1e3,
  explodingAbsolute: 1e3,
  deadReluFraction: 0.5,
  tanhLimit: 0.97,
  sigmoidLow: 0.03,
  sigmoidHigh: 0.97,
  saturatedFraction: 0.5,
});

/** Default trace options (PyTorch gradcheck tolerances, fast check). */
export const defaultTraceOptions: Readonly<TraceOptions> = Object.freeze({
  check: "fast",
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
  includeValues: false,
  valueSizeCap: 1024,
  maxGraphNodes: 200_000,
  steps: null,
  seed: null,
  thresholds: defaultThresholds,
});

const checkModes: readonly CheckMode[] = ["off", "fast", "sample", "full"];

/** Fills in defaults and rejects values that make no sense, naming the option. */
export function resolveOptions(input: TraceOptionsInput = {}): TraceOptions {
  const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  const { thresholds, ...rest } = input;
  const o: TraceOptions = { ...defaultTraceOptions, ...defined(rest), thresholds: { ...defaultThresholds, ...defined(thresholds ?? {}) } };
  if (!checkModes.includes(o.check)) throw new RangeError(`trace options: check must be one of ${checkModes.join(", ")}, got ${String(o.check)}`);
  const positive = ["eps", "valueSizeCap", "maxGraphNodes"] as const;
  for (const k of positive) if (!(o[k] > 0)) throw new RangeError(`trace options: ${k} must be > 0, got ${o[k]}`);
  const nonNegative = ["atol", "rtol", "checkAllUpTo", "sampleSize", "sampleLargest", "worstElements", "localizeMaxNodes"] as const;
  for (const k of nonNegative) if (!(o[k] >= 0)) throw new RangeError(`trace options: ${k} must be ≥ 0, got ${o[k]}`);
  if (o.steps !== null && !(Number.isInteger(o.steps) && o.steps >= 0)) throw new RangeError(`trace options: steps must be a non-negative integer or null, got ${o.steps}`);
  if (o.seed !== null && !Number.isFinite(o.seed)) throw new RangeError(`trace options: seed must be a finite number or null, got ${o.seed}`);
  for (const [k, v] of Object.entries(o.thresholds)) {
    if (typeof v !== "number" || Number.isNaN(v)) throw new RangeError(`trace options: thresholds.${k} must be a number, got ${String(v)}`);
  }
  return o;
}
