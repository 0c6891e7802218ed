import { describe, expect, test } from "vitest";
import { Linear } from "../../../src/engine/nn/linear";
import { manualSeed } from "../../../src/engine/random";
import { randn } from "../../../src/engine/creation";
import { ShapeError } from "../../../src/engine/shape";
import { expectClose, expectGradcheck, load, loadCase } from "./nnHelpers";

describe("Linear", () => {
  test("parameters: weight [out, in] and bias [out], named as PyTorch", () => {
    const fc = new Linear(4, 3);
    expect(fc.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([
      ["weight", [3, 4]],
      ["bias", [3]],
    ]);
    expect(new Linear(4, 3, { bias: false }).namedParameters().map(([n]) => n)).toEqual(["weight"]);
    expect(fc.parameters().every((p) => p.requiresGrad && p.isLeaf)).toBe(true);
  });

  test("default init is U(-1/sqrt(in), 1/sqrt(in)) for weight and bias, and repeats with the seed", () => {
    manualSeed(3);
    const fc = new Linear(64, 200);
    const bound = 1 / Math.sqrt(64);
    for (const p of [fc.weight, fc.bias!]) {
      const d = [...p.data];
      expect(Math.max(...d)).toBeLessThanOrEqual(bound);
      expect(Math.min(...d)).toBeGreaterThanOrEqual(-bound);
      // Spread over the whole interval, not a smaller one.
      expect(Math.max(...d)).toBeGreaterThan(0.9 * bound);
      expect(Math.min(...d)).toBeLessThan(-0.9 * bound);
    }
    const w = fc.weight.data;
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    const variance = w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(variance).toBeCloseTo((bound * bound) / 3, 3);
    manualSeed(3);
    expect(new Linear(64, 200).weight.data).toEqual(fc.weight.data);
  });

  test.each(["layer_linear", "layer_linear_3d_input", "layer_linear_nobias"])("matches PyTorch: %s", (name) => {
    const c = loadCase(name);
    const hasBias = c.json.params.some((p) => p.name === "b");
    const W = c.leaf("W");
    const fc = new Linear(W.shape[1], W.shape[0], { bias: hasBias });
    load(fc.weight, W);
    if (hasBias) load(fc.bias, c.leaf("b"));
    const x = c.leaf("x");
    const y = fc.forward(x);
    expectClose(y, c.value("y"), "y");
    y.mul(c.leaf("probe")).sum().backward();
    expectClose(x.grad, c.grad("x"), "dL/dx");
    expectClose(fc.weight.grad, c.grad("W"), "dL/dW");
    if (hasBias) expectClose(fc.bias!.grad, c.grad("b"), "dL/db");
  });

  test("gradients match finite differences (parameters and a 3-D input)", () => {
    manualSeed(1);
    const fc = new Linear(3, 2);
    const x = randn([2, 2, 3], { requiresGrad: true });
    expectGradcheck(() => fc.forward(x), [x, ...fc.parameters()]);
  });

  test("a wrong input feature size names the module and both shapes", () => {
    const fc = new Linear(4, 3);
    const x = randn([5, 6]);
    expect(() => fc.forward(x)).toThrow(ShapeError);
    expect(() => fc.forward(x)).toThrow(/Linear\(in_features=4, out_features=3.*\[5, 6\].*\[3, 4\]/);
  });

  test("rejects non-positive sizes", () => {
    expect(() => new Linear(0, 3)).toThrow(/in_features must be a positive integer/);
  });
});
