// Matrix multiply on row-major Float64Array storage. One entry point serves forward and backward.

/**
 * C[M×N] = op(A)·op(B) (or += when accumulate). op(A) is M×K: A is stored M×K, or K×M when transA.
 * op(B) is K×N: B is stored K×N, or N×K when transB. Offsets select a matrix inside a batch.
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  aOff: number,
  B: Float64Array,
  bOff: number,
  C: Float64Array,
  cOff: number,
  accumulate = false,
): void {
  if (!accumulate) C.fill(0, cOff, cOff + M * N);
  // i-k-j order keeps the inner loop contiguous in B and C.
  for (let i = 0; i < M; i++) {
    const c0 = cOff + i * N;
    for (let k = 0; k < K; k++) {
      const a = transA ? A[aOff + k * M + i] : A[aOff + i * K + k];
      if (transB) {
        for (let j = 0; j < N; j++) C[c0 + j] += a * B[bOff + j * K + k];
      } else {
        const b0 = bOff + k * N;
        for (let j = 0; j < N; j++) C[c0 + j] += a * B[b0 + j];
      }
    }
  }
}
