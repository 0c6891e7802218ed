// Trace options: documented defaults, partial overrides (thresholds too), and clear errors.
import { expect, test } from "vitest";
import { defaultTraceOptions, resolveOptions } from "../../src/trace/options";

test("defaults are PyTorch gradcheck's tolerances and the issue's thresholds", () => {
  const o = resolveOptions();
  expect(o).toMatchObject({ check: "fast", eps: 1e-6, atol: 1e-5, rtol: 1e-3, checkAllUpTo: 64, sampleSize: 16, steps: null, seed: null });
  expect(o.thresholds).toMatchObject({ vanishingRelative: 1e-3, vanishingAbsolute: 1e-7, explodingRelative: 1e3, tanhLimit: 0.97, sigmoidLow: 0.03, sigmoidHigh: 0.97 });
});

test("partial options and partial thresholds merge over the defaults", () => {
  const o = resolveOptions({ check: "full", thresholds: { explodingAbsolute: 50 }, eps: undefined });
  expect(o.check).toBe("full");
  expect(o.eps).toBe(defaultTraceOptions.eps);
  expect(o.thresholds.explodingAbsolute).toBe(50);
  expect(o.thresholds.vanishingAbsolute).toBe(1e-7);
});

test("nonsense is rejected with the option's name", () => {
  expect(() => resolveOptions({ check: "most" as "full" })).toThrow(/check must be one of off, fast, sample, full/);
  expect(() => resolveOptions({ eps: 0 })).toThrow(/eps must be > 0/);
  expect(() => resolveOptions({ steps: 1.5 })).toThrow(/steps/);
  expect(() => resolveOptions({ thresholds: { tanhLimit: Number.NaN } })).toThrow(/thresholds.tanhLimit/);
});
