// The checks' own random numbers, directions and element samples.
import { expect, test } from "vitest";
import { checkRng, compare, sampleIndices, unitDirection, unravel } from "../../src/trace/checkMath";

test("the sample holds the largest |g| and distinct random others, sorted", () => {
  const g = Float64Array.from({ length: 200 }, (_, i) => Math.sin(i) * 1e-3);
  g[17] = -5;
  g[150] = 4;
  g[3] = 3;
  g[99] = -2;
  const s = sampleIndices(g, 16, 4, checkRng(1, 0));
  expect(s).toHaveLength(16);
  expect(new Set(s).size).toBe(16);
  expect(s).toEqual([...s].sort((a, b) => a - b));
  for (const i of [3, 17, 99, 150]) expect(s).toContain(i);
  expect(sampleIndices(g.subarray(0, 10), 16, 4, checkRng(1, 0))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test("directions have unit norm and repeat for the same seed and stream", () => {
  const v = unitDirection(50, checkRng(3, 7));
  expect(Math.hypot(...v)).toBeCloseTo(1, 14);
  expect(unitDirection(50, checkRng(3, 7))).toEqual(v);
  expect(unitDirection(50, checkRng(3, 8))).not.toEqual(v);
});

test("compare uses |a − n| ≤ atol + rtol·|n| and reports the relative error", () => {
  expect(compare(0, [0], 1.0005, 1, 1e-5, 1e-3).el.status).toBe("pass");
  const bad = compare(2, [1, 0], 2, 3, 1e-5, 1e-3).el;
  expect(bad).toMatchObject({ status: "fail", absError: 1, relError: 1 / 3 });
  expect(compare(0, [], NaN, 1, 1e-5, 1e-3)).toMatchObject({ el: { status: "fail", analytic: "NaN" }, excess: Infinity });
  expect(unravel(7, [2, 3, 2])).toEqual([1, 0, 1]);
});
