// Dead-ReLU fractions against a plain count over every (unit, element) pair: units that come alive only
// in a late example, channels of 4-D outputs, a unit zero in one call but not in the next, and calls of
// different sizes.
import { describe, expect, test } from "vitest";
import { tensor } from "../../src/engine/creation";
import { activationStats, unitDim } from "../../src/trace/activations";
import type { NodeRec } from "../../src/trace/capture";
import { resolveOptions } from "../../src/trace/options";
import { uniformSource } from "../../bench/data";

const TH = resolveOptions({}).thresholds;

/** A node record holding `data` of `shape` (only its tensor is read). */
function rec(data: number[], shape: number[]): NodeRec {
  const t = tensor(data, shape);
  const stats = { numel: data.length, norm: null, mean: null, std: null, min: null, max: null, zeroFraction: 0, nan: 0, inf: 0 };
  return { id: 0, t, seq: 0, kind: "op", module: null, loc: null, value: stats, grad: null, inputs: [], consumers: [] };
}

/** The fraction of units zero at every position of every example of every call, by brute force. */
function bruteDead(outputs: NodeRec[]): number {
  const shape = outputs[0].t.shape;
  const dim = unitDim(shape);
  const units = dim < 0 ? outputs[0].t.numel : shape[dim];
  let dead = 0;
  for (let u = 0; u < units; u++) {
    let alive = false;
    for (const n of outputs) {
      const s = n.t.shape;
      const inner = dim < 0 ? 1 : s.slice(dim + 1).reduce((a, b) => a * b, 1);
      for (let i = 0; i < n.t.numel; i++) if ((dim < 0 ? i : Math.floor(i / inner) % units) === u && n.t.data[i] !== 0) alive = true;
    }
    if (!alive) dead++;
  }
  return dead / units;
}

/** Mostly zeros, with a few units lit in chosen examples. */
function sparse(shape: number[], lit: (i: number) => boolean): number[] {
  const n = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => (lit(i) ? 1 + i : 0));
}

describe("dead ReLU fraction", () => {
  test("[N, F]: units lit only in the last example are alive; never-lit units are dead", () => {
    const shape = [16, 10];
    // Unit u is lit in example 15 only for u < 4, in example 0 for u = 4, nowhere for u ≥ 5.
    const out = rec(sparse(shape, (i) => (Math.floor(i / 10) === 15 && i % 10 < 4) || i === 4), shape);
    expect(activationStats([out], "relu", TH).deadFraction).toBe(0.5);
    expect(bruteDead([out])).toBe(0.5);
  });

  test("random sparse outputs of several layouts match the brute-force count", () => {
    const next = uniformSource(7);
    for (const shape of [[32, 24], [4, 6, 8], [3, 5, 4, 4], [12], []]) {
      for (const density of [0.002, 0.02, 0.3]) {
        const out = rec(sparse(shape, () => next() + 0.5 < density), shape);
        expect(activationStats([out], "relu", TH).deadFraction, `${JSON.stringify(shape)} at ${density}`).toBeCloseTo(bruteDead([out]), 12);
      }
    }
  });

  test("4-D: a channel lit at one position of one example is alive", () => {
    const shape = [2, 3, 4, 4];
    const at = 1 * 48 + 2 * 16 + 13; // example 1, channel 2, position 13
    const out = rec(sparse(shape, (i) => i === at), shape);
    expect(activationStats([out], "relu", TH).deadFraction).toBeCloseTo(2 / 3, 12);
  });

  test("two calls: a unit must be zero in both to be dead; calls of different sizes average", () => {
    const a = rec(sparse([4, 5], (i) => i % 5 === 0), [4, 5]);
    const b = rec(sparse([4, 5], (i) => i % 5 === 1), [4, 5]);
    expect(activationStats([a, b], "relu", TH).deadFraction).toBeCloseTo(3 / 5, 12);
    expect(bruteDead([a, b])).toBeCloseTo(3 / 5, 12);
    const c = rec(sparse([2, 4], (i) => i % 4 === 0), [2, 4]);
    expect(activationStats([a, c], "relu", TH).deadFraction).toBeCloseTo((4 / 5 + 3 / 4) / 2, 12);
  });
});
