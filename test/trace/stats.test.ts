// Tensor summaries against direct computations, the log10 histogram against the decimal exponent of
// each value's printed form, and the JSON encoding of non-finite numbers.
import { describe, expect, test } from "vitest";
import { jsonArray, jsonNumber, l2norm, log10Histogram, summarize } from "../../src/trace/stats";

const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);

/** floor(log10|x|) read from the shortest printed form: an independent reference for the bins. */
const decade = (x: number): number => Number(Math.abs(x).toExponential().split("e")[1]);

describe("summarize", () => {
  test("moments, extremes and zeros of finite data", () => {
    const s = summarize(f64([1, -2, 0, 3]));
    expect(s).toMatchObject({ numel: 4, min: -2, max: 3, zeroFraction: 0.25, nan: 0, inf: 0 });
    expect(s.norm).toBeCloseTo(Math.sqrt(14), 14);
    expect(s.mean).toBeCloseTo(0.5, 14);
    expect(s.std).toBeCloseTo(Math.sqrt(14 / 4 - 0.25), 14);
    expect(s.hist).toBeUndefined();
  });

  test("NaN and Inf are counted and left out of the other statistics", () => {
    const s = summarize(f64([1, NaN, Infinity, -Infinity, 3]), true);
    expect(s).toMatchObject({ numel: 5, nan: 1, inf: 2, min: 1, max: 3, mean: 2, std: 1 });
    expect(s.norm).toBeCloseTo(Math.sqrt(10), 14);
    expect(s.hist!.counts.reduce((a, b) => a + b, 0)).toBe(2);
    expect(summarize(f64([NaN, NaN]))).toMatchObject({ mean: null, min: null, max: null, std: null, norm: 0, nan: 2 });
  });

  test("a large common offset does not cancel; huge values do not overflow the norm", () => {
    const s = summarize(f64([1e9 + 1, 1e9 + 2, 1e9 + 3]));
    expect(s.std).toBeCloseTo(Math.sqrt(2 / 3), 6);
    const big = summarize(f64([1e200, -1e200]));
    expect(big.norm! / (1e200 * Math.SQRT2)).toBeCloseTo(1, 12);
    expect(big.mean).toBe(0);
    expect(l2norm(f64([3e200, 4e200])) / 5e200).toBeCloseTo(1, 12);
    expect(l2norm(f64([1, NaN]))).toBeNaN();
  });

  test("empty tensors", () => {
    expect(summarize(new Float64Array(0), true)).toMatchObject({ numel: 0, norm: 0, mean: null, zeroFraction: 0, hist: { counts: [] } });
  });
});

describe("log10 histogram", () => {
  const values = [0, 1e-25, 5e-324, 3e-21, 1e-20, 5e-7, 1e-5, 0.09999999999999999, 0.1, 0.5, 1, 9.99, 10, -10, 123.4, 9.999e9, 1e10, 2e11];

  test("bins by decade, from the first to the last nonempty one, with under and over counts", () => {
    const h = summarize(f64(values), true).hist!;
    expect([h.lo, h.hi, h.under, h.over]).toEqual([-20, 10, 3, 2]);
    const expected = new Array<number>(30).fill(0);
    for (const v of values) {
      if (v === 0 || decade(v) < -20 || decade(v) >= 10) continue;
      expected[decade(v) + 20]++;
    }
    expect(h.counts).toEqual(expected);
  });

  test("the one-pass path and the careful path agree on random data across many decades", () => {
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const data = Float64Array.from({ length: 5000 }, () => (rand() - 0.5) * 10 ** (rand() * 40 - 25));
    const fast = summarize(data, true).hist!;
    expect(log10Histogram(data)).toEqual(fast);
    const withNan = Float64Array.from([...data, NaN]);
    expect(summarize(withNan, true).hist).toEqual(fast);
    expect(fast.counts.reduce((a, b) => a + b, 0) + fast.under + fast.over).toBe(5000);
  });
});

describe("summaries of long arrays (the WebAssembly path, from 256 elements)", () => {
  /** The definitions over the finite elements, left to right. */
  function direct(x: Float64Array) {
    const fin = [...x].filter((v) => Number.isFinite(v));
    const n = fin.length;
    const mean = fin.reduce((a, v) => a + v, 0) / n;
    const variance = fin.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
    const big = Math.max(...fin.map(Math.abs), 0) || 1;
    return {
      norm: big * Math.sqrt(fin.reduce((a, v) => a + (v / big) ** 2, 0)),
      mean,
      std: Math.sqrt(variance),
      min: Math.min(...fin),
      max: Math.max(...fin),
      zeroFraction: [...x].filter((v) => v === 0).length / x.length,
      nan: [...x].filter((v) => Number.isNaN(v)).length,
      inf: [...x].filter((v) => Math.abs(v) === Infinity).length,
      absSum: fin.reduce((a, v) => a + Math.abs(v), 0),
    };
  }

  let seed = 777;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const cases: [string, (i: number) => number][] = [
    ["random", () => rand() - 0.3],
    ["a third zeros, negatives", () => (rand() < 0.33 ? 0 : (rand() - 0.5) * 4)],
    ["tiny and huge magnitudes", () => (rand() - 0.5) * 10 ** (rand() * 40 - 25)],
    ["subnormals and -0", (i) => (i % 3 === 0 ? 5e-324 * i : i % 3 === 1 ? -0 : rand())],
    ["with NaN and Inf", (i) => (i === 17 ? NaN : i === 300 ? Infinity : i === 301 ? -Infinity : rand() * 3)],
    ["overflowing squares", (i) => (i % 2 === 0 ? 1e200 : -3e200) * (1 + rand())],
  ];
  for (const [name, gen] of cases) {
    for (const n of [256, 257, 1003]) {
      test(`${name}, ${n} elements`, () => {
        const x = Float64Array.from({ length: n }, (_, i) => gen(i));
        const want = direct(x);
        const s = summarize(x, true);
        // Between 0 and -0 either may be kept as the extreme: compared by value (+ 0 turns -0 into 0).
        expect([s.numel, s.nan, s.inf, s.min! + 0, s.max! + 0, s.zeroFraction]).toEqual([n, want.nan, want.inf, want.min + 0, want.max + 0, want.zeroFraction]);
        // Only the order of the additions differs: both are within a few n·ε of the sums of magnitudes.
        const tol = 8 * n * 2 ** -52;
        expect(Math.abs(s.norm! - want.norm)).toBeLessThanOrEqual(tol * want.norm);
        expect(Math.abs(s.mean! - want.mean)).toBeLessThanOrEqual((tol * want.absSum) / (n - want.nan - want.inf));
        expect(Math.abs(s.std! - want.std)).toBeLessThanOrEqual(Math.sqrt(tol) * (want.std + Math.abs(want.mean)));
        expect(s.hist).toEqual(log10Histogram(x));
        const plain = summarize(x);
        expect(plain.hist).toBeUndefined();
        expect({ ...s, hist: undefined }).toEqual({ ...plain, hist: undefined });
      });
    }
  }
});

describe("JSON numbers", () => {
  test("non-finite numbers are written as text that Number() decodes", () => {
    expect([jsonNumber(1.5), jsonNumber(NaN), jsonNumber(Infinity), jsonNumber(-Infinity)]).toEqual([1.5, "NaN", "Infinity", "-Infinity"]);
    const arr = jsonArray(f64([1, NaN, -Infinity]));
    expect(arr.map(Number)).toEqual([1, NaN, -Infinity]);
  });
});
