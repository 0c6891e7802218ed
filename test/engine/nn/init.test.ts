import { describe, expect, test } from "vitest";
import * as init from "../../../src/engine/nn/init";
import { manualSeed } from "../../../src/engine/random";
import { zeros } from "../../../src/engine/creation";
import type { Tensor } from "../../../src/engine/tensor";

function stats(t: Tensor): { min: number; max: number; mean: number; std: number } {
  const d = [...t.data];
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  return { min: Math.min(...d), max: Math.max(...d), mean, std };
}

describe("nn.init", () => {
  test("calculateGain follows torch.nn.init.calculate_gain", () => {
    expect(init.calculateGain("linear")).toBe(1);
    expect(init.calculateGain("conv2d")).toBe(1);
    expect(init.calculateGain("sigmoid")).toBe(1);
    expect(init.calculateGain("tanh")).toBeCloseTo(5 / 3, 15);
    expect(init.calculateGain("relu")).toBeCloseTo(Math.SQRT2, 15);
    expect(init.calculateGain("leaky_relu")).toBeCloseTo(Math.sqrt(2 / (1 + 0.01 ** 2)), 15);
    expect(init.calculateGain("leaky_relu", Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 15);
    expect(init.calculateGain("selu")).toBe(0.75);
  });

  test("fans: dims 1 and 0 times the receptive field", () => {
    expect(init.calculateFanInAndFanOut(zeros([8, 3, 5, 5]))).toEqual([75, 200]);
    expect(init.calculateFanInAndFanOut(zeros([4, 6]))).toEqual([6, 4]);
    expect(() => init.calculateFanInAndFanOut(zeros([4]))).toThrow(/fewer than 2 dims/);
  });

  test("kaimingUniform: bounds gain·sqrt(3/fan) in both fan modes, uniform spread", () => {
    manualSeed(0);
    const w = init.kaimingUniform(zeros([300, 50]), { nonlinearity: "relu" });
    const b = Math.SQRT2 * Math.sqrt(3 / 50);
    const s = stats(w);
    expect(s.max).toBeLessThanOrEqual(b);
    expect(s.min).toBeGreaterThanOrEqual(-b);
    expect(s.max).toBeGreaterThan(0.99 * b);
    expect(s.std).toBeCloseTo(b / Math.sqrt(3), 2);
    const wOut = init.kaimingUniform(zeros([300, 50]), { mode: "fan_out", nonlinearity: "relu" });
    const bOut = Math.SQRT2 * Math.sqrt(3 / 300);
    expect(stats(wOut).max).toBeLessThanOrEqual(bOut);
    expect(stats(wOut).max).toBeGreaterThan(0.99 * bOut);
  });

  test("kaimingUniform with a = sqrt(5) (Linear's default) gives U(-1/sqrt(fan_in), 1/sqrt(fan_in))", () => {
    manualSeed(1);
    const s = stats(init.kaimingUniform(zeros([400, 25]), { a: Math.sqrt(5) }));
    expect(s.max).toBeLessThanOrEqual(0.2);
    expect(s.min).toBeGreaterThanOrEqual(-0.2);
    expect(s.max).toBeGreaterThan(0.199);
  });

  test("kaimingNormal: std gain/sqrt(fan)", () => {
    manualSeed(2);
    const s = stats(init.kaimingNormal(zeros([200, 100]), { nonlinearity: "relu" }));
    expect(s.mean).toBeCloseTo(0, 2);
    expect(s.std / (Math.SQRT2 / 10)).toBeCloseTo(1, 1);
  });

  test("xavier uniform and normal: gain·sqrt(6/(in+out)) and gain·sqrt(2/(in+out))", () => {
    manualSeed(3);
    const u = stats(init.xavierUniform(zeros([120, 80]), 2));
    const b = 2 * Math.sqrt(6 / 200);
    expect(u.max).toBeLessThanOrEqual(b);
    expect(u.min).toBeGreaterThanOrEqual(-b);
    expect(u.max).toBeGreaterThan(0.99 * b);
    const n = stats(init.xavierNormal(zeros([120, 80])));
    expect(n.std / Math.sqrt(2 / 200)).toBeCloseTo(1, 1);
  });

  test("uniform, normal, constant, zeros, ones write in place and return the tensor", () => {
    manualSeed(4);
    const t = zeros([1000]);
    expect(init.uniform(t, 2, 3)).toBe(t);
    expect(stats(t).min).toBeGreaterThanOrEqual(2);
    expect(stats(t).max).toBeLessThan(3);
    const n = stats(init.normal(zeros([20000]), 5, 0.5));
    expect(n.mean).toBeCloseTo(5, 1);
    expect(n.std).toBeCloseTo(0.5, 1);
    expect([...init.constant(zeros([3]), 7).data]).toEqual([7, 7, 7]);
    expect([...init.ones(zeros([2])).data]).toEqual([1, 1]);
    expect([...init.zeros(init.ones(zeros([2]))).data]).toEqual([0, 0]);
    expect(() => init.normal(zeros([2]), 0, -1)).toThrow(/std/);
  });

  test("the same seed gives the same values", () => {
    manualSeed(9);
    const a = init.xavierUniform(zeros([4, 4]));
    manualSeed(9);
    expect(init.xavierUniform(zeros([4, 4])).data).toEqual(a.data);
  });
});
