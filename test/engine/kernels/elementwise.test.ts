import { describe, expect, test } from "vitest";
import { broadcastTo, mapBinary, mapUnary, permuteData, reduce, sumToShape } from "../../../src/engine/kernels/elementwise";
import { known } from "../../../src/engine/kernels/loops";

const numel = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const data = (s: readonly number[], salt: number): Float64Array => Float64Array.from({ length: numel(s) }, (_, i) => Math.sin(i * 1.7 + salt) * 3);

/** Multi-index of flat position i in shape s. */
function coords(i: number, s: readonly number[]): number[] {
  const c = new Array<number>(s.length);
  for (let d = s.length - 1; d >= 0; d--) {
    c[d] = i % s[d];
    i = Math.floor(i / s[d]);
  }
  return c;
}

/** Flat position in shape s of the output coordinates c, broadcasting s (right-aligned, size-1 dims repeat). */
function broadcastIndex(c: number[], s: readonly number[]): number {
  const lead = c.length - s.length;
  let idx = 0;
  for (let d = 0; d < s.length; d++) idx = idx * s[d] + (s[d] === 1 ? 0 : c[lead + d]);
  return idx;
}

/** NumPy broadcasting, spelled out. */
function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const r = Math.max(a.length, b.length);
  return Array.from({ length: r }, (_, i) => {
    const x = a[i - r + a.length] ?? 1;
    const y = b[i - r + b.length] ?? 1;
    return x === 1 ? y : x;
  });
}

const pairs: [number[], number[]][] = [
  [[3, 4], [3, 4]], [[3, 4], [4]], [[4], [3, 4]], [[3, 4], [3, 1]], [[3, 1], [3, 4]], [[3, 1], [1, 4]], [[1, 4], [3, 1]],
  [[2, 3, 4], [4]], [[2, 3, 4], [1, 3, 4]], [[2, 3, 4], [2, 3, 1]], [[2, 3, 4], [2, 1, 1]], [[2, 3, 4], [3, 1]], [[2, 3, 4], [1, 3, 1]],
  [[2, 3, 4], []], [[], [2, 3]], [[1], [5]], [[2, 1, 4], [3, 1]], [[0, 3], [3]], [[2, 1, 3, 1], [4, 1, 5]],
];

describe("mapBinary matches broadcasting by index arithmetic", () => {
  const fns: [string, (a: number, b: number) => number][] = [
    ["known.add", known.add], ["known.sub", known.sub], ["known.mul", known.mul], ["known.div", known.div], ["atan2", Math.atan2],
  ];
  for (const [as, bs] of pairs) {
    test(`[${as}] with [${bs}]`, () => {
      const out = broadcastShape(as, bs);
      const a = data(as, 1);
      const b = data(bs, 2);
      for (const [, f] of fns) {
        const got = mapBinary(a, as, b, bs, out, f);
        const want = Float64Array.from({ length: numel(out) }, (_, i) => {
          const c = coords(i, out);
          return f(a[broadcastIndex(c, as)], b[broadcastIndex(c, bs)]);
        });
        expect(Array.from(got)).toEqual(Array.from(want));
      }
    });
  }
});

describe("unary fast paths equal their definitions exactly", () => {
  const specials = Float64Array.from([-Infinity, -3.5, -1e-300, -0, 0, 1e-300, 2.25, Infinity, NaN]);
  test.each([
    ["relu", known.relu, (v: number) => (Number.isNaN(v) ? NaN : v > 0 ? v : 0)],
    ["positive", known.positive, (v: number) => +(v > 0)],
    ["neg", known.neg, (v: number) => -v],
  ] as const)("%s", (_name, f, def) => {
    const got = mapUnary(specials, f);
    specials.forEach((v, i) => expect(Object.is(got[i], def(v)), `${_name}(${v}) = ${got[i]}`).toBe(true));
  });
});

describe("reduce folds in row-major order over any dims", () => {
  const shape = [2, 3, 1, 4];
  const x = data(shape, 3);
  const dimSets = [[0], [1], [3], [0, 1], [1, 2], [1, 3], [0, 3], [0, 1, 2, 3], [2], []];
  const combines: [string, (acc: number, v: number) => number, number][] = [
    ["known.add", known.add, 0], ["Math.max", Math.max, -Infinity], ["Math.min", Math.min, Infinity], ["hypot-like", (acc, v) => acc * 0.5 + v, 1],
  ];
  for (const dims of dimSets) {
    test(`dims [${dims}]`, () => {
      const keep = shape.map((s, i) => (dims.includes(i) ? 1 : s));
      for (const [, combine, init] of combines) {
        const want = new Float64Array(numel(keep)).fill(init);
        for (let i = 0; i < x.length; i++) {
          const o = broadcastIndex(coords(i, shape), keep);
          want[o] = combine(want[o], x[i]);
        }
        expect(Array.from(reduce(x, shape, dims, init, combine))).toEqual(Array.from(want));
      }
    });
  }
  test("sumToShape undoes broadcasting (leading dims and size-1 dims)", () => {
    const g = data([2, 3, 4], 4);
    const viaReduce = (dims: number[]) => Array.from(reduce(g, [2, 3, 4], dims, 0, (a, v) => a + v));
    expect(Array.from(sumToShape(g, [2, 3, 4], [4]))).toEqual(viaReduce([0, 1]));
    expect(Array.from(sumToShape(g, [2, 3, 4], [3, 1]))).toEqual(viaReduce([0, 2]));
    expect(Array.from(sumToShape(g, [2, 3, 4], [2, 1, 4]))).toEqual(viaReduce([1]));
    expect(sumToShape(g, [2, 3, 4], [2, 3, 4])).toBe(g);
  });
});

describe("layout copies", () => {
  test.each([[[3], [2, 3]], [[2, 1], [2, 3]], [[], [2, 2]], [[1, 3, 1], [2, 3, 2]], [[2, 3], [2, 3]]])("broadcastTo [%s] → [%s]", (from, to) => {
    const x = data(from, 5);
    const want = Array.from({ length: numel(to) }, (_, i) => x[broadcastIndex(coords(i, to), from)]);
    expect(Array.from(broadcastTo(x, from, to))).toEqual(want);
  });
  test("permuteData", () => {
    const shape = [2, 3, 4];
    const x = data(shape, 6);
    const perm = [2, 0, 1];
    const outShape = perm.map((p) => shape[p]);
    const got = permuteData(x, shape, perm);
    for (let i = 0; i < got.length; i++) {
      const c = coords(i, outShape);
      const src = new Array<number>(3);
      perm.forEach((p, k) => (src[p] = c[k]));
      expect(got[i]).toBe(x[(src[0] * 3 + src[1]) * 4 + src[2]]);
    }
    expect(Array.from(permuteData(x, shape, [0, 1, 2]))).toEqual(Array.from(x));
  });
});
