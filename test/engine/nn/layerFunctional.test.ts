import { describe, expect, test } from "vitest";
import * as L from "../../../src/engine/nn/layerFunctional";
import { manualSeed } from "../../../src/engine/random";
import { ones, randn, zeros } from "../../../src/engine/creation";
import { ShapeError } from "../../../src/engine/shape";
import { expectGradcheck } from "./nnHelpers";

describe("layer functional forms", () => {
  test("linear: 1-D input, no bias; finite differences; errors name both shapes", () => {
    manualSeed(0);
    const x = randn([3], { requiresGrad: true });
    const w = randn([2, 3], { requiresGrad: true });
    expect(L.linear(x, w).shape).toEqual([2]);
    expectGradcheck(() => L.linear(x, w), [x, w]);
    expect(() => L.linear(randn([4, 5]), w)).toThrow(ShapeError);
    expect(() => L.linear(randn([4, 5]), w)).toThrow(/linear: input of shape \[4, 5\] does not fit weight of shape \[2, 3\]/);
    expect(() => L.linear(x, w, randn([3]))).toThrow(/bias of shape \[3\]/);
  });

  test("layerNorm without affine: zero mean and unit (biased) variance; finite differences", () => {
    manualSeed(1);
    const x = randn([2, 5], { requiresGrad: true });
    const y = L.layerNorm(x, 5, null, null, 0);
    for (let r = 0; r < 2; r++) {
      const row = [...y.data.slice(5 * r, 5 * r + 5)];
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 13);
      expect(row.reduce((a, b) => a + b * b, 0) / 5).toBeCloseTo(1, 12);
    }
    expectGradcheck(() => L.layerNorm(x, [5]), [x]);
    expect(() => L.layerNorm(x, 5, ones([4]))).toThrow(/weight has shape \[4\], expected \[5\]/);
  });

  test("batchNorm: eval needs running stats; training updates them in place", () => {
    const x = randn([4, 3]);
    expect(() => L.batchNorm(x, null, null)).toThrow(/running_mean and running_var are required/);
    const rm = zeros([3]);
    const rv = ones([3]);
    L.batchNorm(x, rm, rv, { training: true, momentum: 1 });
    for (let c = 0; c < 3; c++) {
      const col = [0, 1, 2, 3].map((n) => x.data[3 * n + c]);
      const mean = col.reduce((a, b) => a + b, 0) / 4;
      expect(rm.data[c]).toBeCloseTo(mean, 14);
      expect(rv.data[c]).toBeCloseTo(col.reduce((a, b) => a + (b - mean) ** 2, 0) / 3, 13);
    }
    expect(() => L.batchNorm(randn([4]), null, null, { training: true })).toThrow(/at least 2 dims/);
  });

  test("recurrent cells accept unbatched 1-D inputs; mismatched shapes are errors", () => {
    manualSeed(2);
    const x = randn([3], { requiresGrad: true });
    const h = randn([2], { requiresGrad: true });
    const wIh = randn([6, 3], { requiresGrad: true });
    const wHh = randn([6, 2], { requiresGrad: true });
    expect(L.gruCell(x, h, wIh, wHh).shape).toEqual([2]);
    expectGradcheck(() => L.gruCell(x, h, wIh, wHh), [x, h, wIh, wHh]);
    expect(() => L.gruCell(randn([4, 3]), randn([5, 2]), wIh, wHh)).toThrow(/gruCell: input of shape \[4, 3\] and hidden state of shape \[5, 2\]/);
    expect(() => L.lstmCell(x, [h, h], wIh, wHh)).toThrow(/lstmCell: weight_hh of shape \[6, 2\]/);
    expect(() => L.rnnCell(randn([2]), randn([6]), randn([6, 3]), randn([6, 6]))).toThrow(/rnnCell: input of shape \[2\] has 2 features/);
  });

  test("causalMask: true above the diagonal, rectangular allowed", () => {
    expect(L.causalMask(3).toArray()).toEqual([[0, 1, 1], [0, 0, 1], [0, 0, 0]]);
    expect(L.causalMask(2, 3).dtype).toBe("bool");
    expect(L.causalMask(2, 3).toArray()).toEqual([[0, 1, 1], [0, 0, 1]]);
  });

  test("attention returns the weights; shape errors name both tensors", () => {
    manualSeed(3);
    const [out, w] = L.attention(randn([2, 3]), randn([4, 3]), randn([4, 5]));
    expect(out.shape).toEqual([2, 5]);
    expect(w.shape).toEqual([2, 4]);
    expect(() => L.attention(randn([2, 3]), randn([4, 2]), randn([4, 5]))).toThrow(/query of shape \[2, 3\] and key of shape \[4, 2\]/);
  });
});
