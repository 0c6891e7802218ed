import { describe, expect, test } from "vitest";
import { type LensSettings, runOptionsFor } from "../../../src/extension/model/runOptions";

const settings: LensSettings = {
  check: { mode: "sample", atol: 1e-6, rtol: 1e-4, eps: 1e-5 },
  thresholds: { vanishingRelative: 1e-4, vanishingAbsolute: 1e-8, explodingRelative: 1e4, explodingAbsolute: 1e5 },
  steps: 25,
  timeLimitSeconds: 12.5,
  memoryLimitMb: 512,
  traceOnSave: true,
};

describe("runOptionsFor", () => {
  test("a plain trace uses the settings' check mode, tolerances, thresholds and limits, and the model file's steps", () => {
    expect(runOptionsFor("trace", settings)).toEqual({
      trace: { check: "sample", atol: 1e-6, rtol: 1e-4, eps: 1e-5, thresholds: settings.thresholds },
      timeoutMs: 12_500,
      memoryMb: 512,
    });
  });
  test("Check Gradients checks every element", () => {
    expect(runOptionsFor("check", settings).trace.check).toBe("full");
  });
  test("Train and Trace runs the given steps, else the setting's", () => {
    expect(runOptionsFor("train", settings, 7).trace.steps).toBe(7);
    expect(runOptionsFor("train", settings).trace.steps).toBe(25);
    expect(runOptionsFor("trace", settings).trace.steps).toBeUndefined();
  });
});
