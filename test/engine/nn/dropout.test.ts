import { describe, expect, test } from "vitest";
import { Dropout } from "../../../src/engine/nn/dropout";
import { dropout } from "../../../src/engine/nn/layerFunctional";
import { manualSeed } from "../../../src/engine/random";
import { ones, randn } from "../../../src/engine/creation";
import { expectGradcheck } from "./nnHelpers";

describe("Dropout", () => {
  test("train mode: zeros with probability p, scales the rest by 1/(1-p)", () => {
    manualSeed(0);
    const y = new Dropout(0.25).forward(ones([20000]));
    const kept = [...y.data].filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([1 / 0.75]));
    expect(kept.length / 20000).toBeCloseTo(0.75, 2);
  });

  test("the same seed gives the same mask", () => {
    const d = new Dropout(0.5);
    manualSeed(11);
    const a = d.forward(ones([50]));
    manualSeed(11);
    expect(d.forward(ones([50])).data).toEqual(a.data);
  });

  test("eval mode and p = 0 are the identity; p = 1 gives zeros", () => {
    const x = randn([3, 4]);
    const d = new Dropout(0.5);
    d.eval();
    expect(d.training).toBe(false);
    expect(d.forward(x)).toBe(x);
    d.train();
    expect(d.forward(x)).not.toBe(x);
    expect(new Dropout(0).forward(x)).toBe(x);
    expect([...new Dropout(1).forward(x).data].every((v) => v === 0)).toBe(true);
    expect(dropout(x, 0.5, false)).toBe(x);
  });

  test("gradient matches finite differences (mask fixed by reseeding)", () => {
    manualSeed(1);
    const x = randn([4, 5], { requiresGrad: true });
    const d = new Dropout(0.4);
    expectGradcheck(() => {
      manualSeed(42);
      return d.forward(x);
    }, [x]);
  });

  test("rejects probabilities outside [0, 1]", () => {
    expect(() => new Dropout(1.5)).toThrow(/between 0 and 1/);
    expect(() => dropout(ones([2]), -0.1)).toThrow(/between 0 and 1/);
  });
});
