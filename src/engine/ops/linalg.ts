// Batched matrix multiply: both inputs have rank ≥ 2 (functional.matmul handles torch.matmul's 1-D
// rules); batch dims broadcast.
import { ShapeError, broadcastShapes, broadcastStrides, fmt, numelOf, stridesOf } from "../shape";
import { gemm } from "../kernels/gemm";
import type { Tensor } from "../tensor";
import { type NoAttrs, type OpDef, raw } from "./opDef";

/** out = op(a)·op(b) over broadcast batch dims; the transposes act on the last two dims. */
export function batchedMatmul(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const [M, K] = transA ? [ac, ar] : [ar, ac];
  const [K2, N] = transB ? [bc, br] : [br, bc];
  if (K !== K2) {
    throw new ShapeError("matmul", `inner dims do not match: ${fmt(a.shape)} @ ${fmt(b.shape)} multiplies ${M}×${K} by ${K2}×${N} (the last dim of the first must equal the second-to-last of the second)`);
  }
  const batch = broadcastShapes("matmul", a.shape.slice(0, -2), b.shape.slice(0, -2));
  const nb = numelOf(batch);
  const out = new Float64Array(nb * M * N);
  const sa = broadcastStrides(a.shape.slice(0, -2), batch);
  const sb = broadcastStrides(b.shape.slice(0, -2), batch);
  const bs = stridesOf(batch);
  for (let i = 0; i < nb; i++) {
    let oa = 0;
    let ob = 0;
    let rem = i;
    for (let d = 0; d < batch.length; d++) {
      const c = Math.floor(rem / bs[d]);
      rem -= c * bs[d];
      oa += c * sa[d];
      ob += c * sb[d];
    }
    gemm(transA, transB, M, N, K, a.data, oa * ar * ac, b.data, ob * br * bc, out, i * M * N);
  }
  return raw(out, [...batch, M, N]);
}

export const linalgOps = {
  matmul: {
    forward: ([a, b]) => batchedMatmul(a, b, false, false),
    // dA = g·Bᵀ, dB = Aᵀ·g; the walker sums broadcast batch dims back down.
    backward: (g, [a, b]) => [batchedMatmul(g, b, false, true), batchedMatmul(a, g, true, false)],
  } satisfies OpDef<NoAttrs>,
};
