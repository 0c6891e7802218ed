// The WebAssembly statistics kernel against plain loops: moments, extremes, zeros, and histogram slots
// from tables, over lengths that exercise its four-element blocks and its tail.
import { describe, expect, test } from "vitest";
import { uniformSource } from "../../../bench/data";
import { type SlotTables, summaryPass, summaryUsesWasm } from "../../../src/engine/kernels/summary";

/** Values over many decades, a third of them zero (as ReLU outputs and their gradients). */
function sample(n: number, seed: number): Float64Array {
  const next = uniformSource(seed);
  return Float64Array.from({ length: n }, () => (next() < -0.17 ? 0 : next() * 10 ** (12 * next())));
}

/** The definitions, left to right. */
function reference(x: Float64Array, shift: number) {
  let s = 0;
  let s2 = 0;
  let sq = 0;
  let absSum = 0;
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  for (const v of x) {
    s += v - shift;
    s2 += (v - shift) ** 2;
    sq += v * v;
    absSum += Math.abs(v - shift);
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0) zeros++;
  }
  return { s, s2, sq, absSum, min, max, zeros };
}

const WORDS = new Uint32Array(2);
const VIEW = new Float64Array(WORDS.buffer);
const topOf = (v: number): number => {
  VIEW[0] = v;
  return (WORDS[1] >>> 16) & 0x7fff;
};

/** Test tables: slot = binary exponent mod 7, and every 16th bucket split at 1.5 × its start into slots 7 and 8. */
function tables(): SlotTables {
  const t: SlotTables = { slot: new Uint8Array(1 << 15), low: new Uint8Array(1 << 15), high: new Uint8Array(1 << 15), edge: new Float64Array(1 << 15) };
  for (let top = 0; top < 1 << 15; top++) {
    const e = top >>> 4;
    if ((top & 15) === 8 && e > 0 && e < 2047) {
      t.slot[top] = 255;
      t.low[top] = 7;
      t.high[top] = 8;
      t.edge[top] = 2 ** (e - 1023) * (1 + 8 / 16) * 1.02;
    } else t.slot[top] = e % 7;
  }
  return t;
}

function referenceBins(x: Float64Array, t: SlotTables, nbins: number): Int32Array {
  const bins = new Int32Array(nbins);
  for (const v of x) {
    const top = topOf(v);
    bins[t.slot[top] !== 255 ? t.slot[top] : Math.abs(v) >= t.edge[top] ? t.high[top] : t.low[top]]++;
  }
  return bins;
}

describe("summary kernel", () => {
  test("the WebAssembly kernel loads in Node 20", () => {
    expect(summaryUsesWasm()).toBe(true);
  });


  for (const n of [0, 1, 3, 4, 5, 7, 8, 1001, 65536, 3 * 16384 + 5]) {
    test(`moments, extremes and zeros of ${n} values`, () => {
      const x = sample(n, n + 1);
      const shift = n > 0 ? x[0] : 0;
      const want = reference(x, shift);
      const got = summaryPass(x, shift)!;
      expect(got.zeros).toBe(want.zeros);
      expect(got.min).toBe(want.min);
      expect(got.max).toBe(want.max);
      // Only the order of the additions differs: both orders are within n·ε of the sum of magnitudes.
      const tol = (n + 4) * 2 ** -52;
      expect(Math.abs(got.s - want.s)).toBeLessThanOrEqual(tol * want.absSum);
      expect(Math.abs(got.s2 - want.s2)).toBeLessThanOrEqual(tol * want.s2);
      expect(Math.abs(got.sq - want.sq)).toBeLessThanOrEqual(tol * want.sq);
    });
  }

  test("histogram slots from the tables, added to the bins given, split buckets settled by the edge", () => {
    const t = tables();
    for (const n of [5, 4099, 2 * 16384 + 7]) {
      const x = sample(n, 7 * n);
      // Values right at and around split edges, both signs.
      const edges = [1.5 * 1.02, 3 * 1.02, 0.75 * 1.02].flatMap((e) => [e, -e, e * (1 - 2 ** -52), e * (1 + 2 ** -52)]);
      const data = Float64Array.from([...x, ...edges, Infinity, -Infinity, NaN, 5e-324]);
      const bins = new Int32Array(9).fill(3);
      const withHist = summaryPass(data, 0, { tables: t, bins });
      const want = referenceBins(data, t, 9).map((c) => c + 3);
      expect([...bins]).toEqual([...want]);
      // The pass with the histogram computes the moments as the pass without it does.
      const finite = Float64Array.from(x);
      const plain = summaryPass(finite, 0)!;
      expect(summaryPass(finite, 0, { tables: t, bins: new Int32Array(9) })).toEqual(plain);
      expect([withHist!.min, withHist!.max]).toEqual([-Infinity, Infinity]);
    }
  });

  test("a NaN or an infinity shows in the sums of squares; NaN never becomes the min or max", () => {
    const withNan = summaryPass(Float64Array.from([1, NaN, -2, 3, 0]), 1)!;
    expect(withNan.s2).toBeNaN();
    expect([withNan.min, withNan.max, withNan.zeros]).toEqual([-2, 3, 1]);
    const withInf = summaryPass(Float64Array.from([1, 2, Infinity]), 1)!;
    expect(withInf.sq).toBe(Infinity);
    expect(withInf.max).toBe(Infinity);
  });
});
