// Small pieces of the gradient checks: the checks' own random generator (the engine's must not be
// touched), directions, element sampling and the comparison rule.
import type { CheckElement, CheckStatus } from "../protocol";
import { jsonNumber } from "./stats";

/** A seeded uniform generator in [0, 1) (mulberry32), separate from the engine's. */
export function checkRng(seed: number, stream: number): () => number {
  let a = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random direction of unit L2 norm (normal entries, normalised). */
export function unitDirection(n: number, rand: () => number): Float64Array {
  const v = new Float64Array(n);
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const u = 1 - rand();
    v[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
    sq += v[i] * v[i];
  }
  const s = sq > 0 ? 1 / Math.sqrt(sq) : 0;
  for (let i = 0; i < n; i++) v[i] *= s;
  return v;
}

/** Σ a·b. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** The `largest` indices by |g|, then random distinct ones up to `size`, in ascending order. */
export function sampleIndices(g: Float64Array, size: number, largest: number, rand: () => number): number[] {
  const n = g.length;
  if (size >= n) return Array.from({ length: n }, (_, i) => i);
  const chosen = new Set<number>();
  // Top-k by a small sorted buffer: O(n·k) with k tiny, no full sort of a large tensor.
  const top: number[] = [];
  const k = Math.min(largest, size);
  for (let i = 0; i < n && k > 0; i++) {
    if (top.length < k) top.push(i);
    else if (Math.abs(g[i]) > Math.abs(g[top[k - 1]])) top[k - 1] = i;
    else continue;
    for (let j = top.length - 1; j > 0 && Math.abs(g[top[j - 1]]) < Math.abs(g[top[j]]); j--) {
      [top[j - 1], top[j]] = [top[j], top[j - 1]];
    }
  }
  for (const i of top) chosen.add(i);
  for (let tries = 0; chosen.size < size && tries < size * 20; tries++) chosen.add(Math.floor(rand() * n));
  return [...chosen].sort((a, b) => a - b);
}

/** A compared pair: pass when |a − n| ≤ atol + rtol·|n|; `excess` orders the worst first. */
export function compare(index: number, position: number[], analytic: number, numeric: number, atol: number, rtol: number): { el: CheckElement; excess: number } {
  const abs = Math.abs(analytic - numeric);
  const scale = Math.max(Math.abs(analytic), Math.abs(numeric));
  const rel = scale === 0 ? 0 : abs / scale;
  const excess = abs - (atol + rtol * Math.abs(numeric));
  const ok = excess <= 0;
  const status: CheckStatus = ok ? "pass" : "fail";
  return {
    el: { index, position, analytic: jsonNumber(analytic), numeric: jsonNumber(numeric), absError: jsonNumber(abs), relError: jsonNumber(rel), status },
    // NaN compares false everywhere: rank it worst.
    excess: Number.isNaN(excess) ? Infinity : excess,
  };
}

/** Row-major multi-index of flat index i. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const pos = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    pos[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return pos;
}
