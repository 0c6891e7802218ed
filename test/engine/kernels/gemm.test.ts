import { describe, expect, test } from "vitest";
import { uniformSource } from "../../../bench/data";
import { gemm, gemmLoops, gemmUsesWasm } from "../../../src/engine/kernels/gemm";

function randomArray(n: number, next: () => number): Float64Array {
  return Float64Array.from({ length: n }, next);
}

/** The definition: C[i][j] = Σ_k op(A)[i][k]·op(B)[k][j], plus the bound Σ|a·b| for the tolerance. */
function naive(transA: boolean, transB: boolean, M: number, N: number, K: number, A: Float64Array, aOff: number, B: Float64Array, bOff: number) {
  const value = new Float64Array(M * N);
  const scale = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      let abs = 0;
      for (let k = 0; k < K; k++) {
        const a = transA ? A[aOff + k * M + i] : A[aOff + i * K + k];
        const b = transB ? B[bOff + j * K + k] : B[bOff + k * N + j];
        s += a * b;
        abs += Math.abs(a * b);
      }
      value[i * N + j] = s;
      scale[i * N + j] = abs;
    }
  }
  return { value, scale };
}

/** Largest |got − want| / (Σ|a·b| + tiny) over the matrix: summation order alone gives ~1e-16·K. */
function worstRelError(got: Float64Array, gotOff: number, want: Float64Array, scale: Float64Array, base?: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const expected = want[i] + (base ? base[i] : 0);
    const denom = scale[i] + (base ? Math.abs(base[i]) : 0) + 1e-300;
    worst = Math.max(worst, Math.abs(got[gotOff + i] - expected) / denom);
  }
  return worst;
}

const shapes: [number, number, number][] = [
  [1, 1, 1], [1, 37, 1], [1, 64, 9], [5, 1, 17], [7, 13, 5], [4, 4, 4], [3, 5, 2], [17, 19, 23],
  [33, 65, 129], [64, 3, 300], [2, 300, 64], [129, 7, 257], [5, 2100, 6], [128, 784, 512], [784, 512, 128],
];

describe("gemm", () => {
  test("the WebAssembly SIMD kernel loads in Node 20", () => {
    expect(gemmUsesWasm()).toBe(true);
  });


  for (const [M, N, K] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        test(`${M}×${K} · ${K}×${N}, transA ${transA}, transB ${transB}`, () => {
          const next = uniformSource(M * 10007 + N * 101 + K + (transA ? 7 : 0) + (transB ? 13 : 0));
          const A = randomArray(M * K, next);
          const B = randomArray(K * N, next);
          const want = naive(transA, transB, M, N, K, A, 0, B, 0);
          const C = new Float64Array(M * N).fill(NaN);
          gemm(transA, transB, M, N, K, A, 0, B, 0, C, 0);
          expect(worstRelError(C, 0, want.value, want.scale)).toBeLessThan(1e-12);
          if (M * N * K <= 1e6) {
            const L = new Float64Array(M * N);
            gemmLoops(transA, transB, M, N, K, A, 0, B, 0, L, 0);
            expect(worstRelError(L, 0, want.value, want.scale)).toBeLessThan(1e-12);
          }
        });
      }
    }
  }

  test("offsets inside a batch, and accumulate adds to C", () => {
    const next = uniformSource(42);
    const [M, N, K] = [9, 11, 70];
    const A = randomArray(3 + 2 * M * K, next);
    const B = randomArray(5 + K * N, next);
    const base = randomArray(4 + M * N, next);
    const C = base.slice();
    gemm(false, true, M, N, K, A, 3 + M * K, B, 5, C, 4, true);
    const want = naive(false, true, M, N, K, A, 3 + M * K, B, 5);
    expect(worstRelError(C, 4, want.value, want.scale, base.subarray(4))).toBeLessThan(1e-12);
    // Entries outside the target region are untouched.
    expect(Array.from(C.subarray(0, 4))).toEqual(Array.from(base.subarray(0, 4)));
  });

  test("K = 0 gives zeros (or leaves C when accumulating); M or N = 0 does nothing", () => {
    const C = new Float64Array(6).fill(7);
    gemm(false, false, 2, 3, 0, new Float64Array(0), 0, new Float64Array(0), 0, C, 0);
    expect(Array.from(C)).toEqual([0, 0, 0, 0, 0, 0]);
    const D = new Float64Array(6).fill(7);
    gemm(false, false, 2, 3, 0, new Float64Array(0), 0, new Float64Array(0), 0, D, 0, true);
    expect(Array.from(D)).toEqual([7, 7, 7, 7, 7, 7]);
    const E = new Float64Array(2).fill(7);
    gemm(false, false, 0, 3, 4, new Float64Array(0), 0, new Float64Array(12), 0, E, 0);
    gemm(false, false, 2, 0, 4, new Float64Array(8), 0, new Float64Array(0), 0, E, 0);
    expect(Array.from(E)).toEqual([7, 7]);
  });

  for (const size of [3, 40]) {
    test(`NaN and Inf propagate, zeros are not skipped (${size}×${size})`, () => {
      const n = size;
      const A = new Float64Array(n * n).fill(1);
      const B = new Float64Array(n * n).fill(1);
      A[1 * n + 2] = NaN; // row 1 of C becomes NaN
      B[0 * n + 1] = Infinity; // column 1 of C becomes Inf (rows without NaN)
      A.fill(0, 2 * n, 3 * n); // row 2 of A is zero: 0·Inf = NaN at (2, 1)
      const C = new Float64Array(n * n);
      gemm(false, false, n, n, n, A, 0, B, 0, C, 0);
      for (let j = 0; j < n; j++) expect(C[1 * n + j]).toBeNaN();
      expect(C[0 * n + 1]).toBe(Infinity);
      expect(C[2 * n + 1]).toBeNaN();
      expect(C[2 * n + 0]).toBe(0);
      expect(C[0]).toBe(n);
    });
  }
});
