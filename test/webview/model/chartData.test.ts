import { describe, expect, it } from "vitest";
import { historyData, layerChartData } from "../../../webview/model/chartData";
import { deepSigmoidTrace } from "../fixtures";
import { miniTrace } from "../miniTrace";

describe("layer chart data", () => {
  const trace = miniTrace([{ op: "leaf" }, { op: "sum", inputs: [0], shape: [] }], [
    { name: "a", depth: 2, paramGradNorm: 1e-6, outGradNorm: 1e-5, flags: ["vanishing"], reasons: ["too small"] },
    { name: "b", depth: 0, paramGradNorm: 0.5, outGradNorm: 0.2 },
    { name: "c", kind: "ReLU", role: "activation", depth: 1, paramGradNorm: null, outGradNorm: 0 },
  ]);

  it("lists layers in depth order with both norms", () => {
    const d = layerChartData(trace);
    expect(d.labels).toEqual(["b", "c", "a"]);
    expect(d.paramNorms).toEqual([0.5, null, 1e-6]);
    expect(d.outNorms).toEqual([0.2, null, 1e-5]);
    expect(d.flags).toEqual([[], [], ["vanishing"]]);
  });

  it("marks exact zeros (a log axis cannot show them)", () => {
    expect(layerChartData(trace).zeroOut).toEqual([false, true, false]);
  });

  it("shades the absolute thresholds, which hold for every layer", () => {
    const d = layerChartData(trace);
    expect(d.vanishingBelow).toBe(trace.options.thresholds.vanishingAbsolute);
    expect(d.explodingAbove).toBe(trace.options.thresholds.explodingAbsolute);
  });

  it("flags every layer inside a band (and the relative rules may flag more)", () => {
    const t = deepSigmoidTrace(0);
    const d = layerChartData(t);
    const layers = [...t.layers].sort((a, b) => a.depth - b.depth);
    expect(layers.some((l) => l.flags.includes("vanishing"))).toBe(true);
    layers.forEach((l, i) => {
      const g = l.role === "params" ? d.paramNorms[i] : d.outNorms[i];
      if (g !== null && g < d.vanishingBelow) expect(l.flags).toContain("vanishing");
      if (g !== null && g > d.explodingAbove) expect(l.flags).toContain("exploding");
    });
  });

  it("spans the data on whole decades", () => {
    const d = layerChartData(trace);
    expect(d.yMin).toBeLessThanOrEqual(-6);
    expect(d.yMax).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(d.yMin) && Number.isInteger(d.yMax)).toBe(true);
  });
});

describe("history data", () => {
  it("is null without training steps", () => {
    expect(historyData(miniTrace([{ op: "leaf" }]))).toBeNull();
  });

  it("has the loss and one series per parameter layer, and a full layer × step matrix", () => {
    const trace = deepSigmoidTrace(5);
    const d = historyData(trace)!;
    expect(d.steps).toEqual([1, 2, 3, 4, 5]);
    const paramLayers = trace.layers.filter((l) => l.role === "params");
    expect(d.series.map((s) => s.layer)).toEqual(paramLayers.map((l) => l.name));
    expect(d.cells).toHaveLength(5 * paramLayers.length);
    expect(d.loss.every((v) => v !== null && v > 0)).toBe(true);
    const first = trace.layers.indexOf(paramLayers[0]);
    expect(d.series[0].values[2]).toBe(trace.history[2].layerGradNorms[first]);
  });
});
