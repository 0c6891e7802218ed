// Batched matrix multiply: both inputs have rank ≥ 2 (functional.matmul handles torch.matmul's 1-D
// rules); batch dims broadcast.
import { ShapeError, broadcastShapes, broadcastStrides, fmt, numelOf, stridesOf } from "../shape";
import { gemm } from "../kernels/gemm";
import type { Tensor } from "../tensor";
import { type OpDef, raw } from "./opDef";

/** Rows, inner and columns of op(a)·op(b), checked. */
function dimsOf(a: Tensor, b: Tensor, transA: boolean, transB: boolean): [number, number, number] {
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const [M, K] = transA ? [ac, ar] : [ar, ac];
  const [K2, N] = transB ? [bc, br] : [br, bc];
  if (K !== K2) {
    throw new ShapeError("matmul", `inner dims do not match: ${fmt(a.shape)} @ ${fmt(b.shape)} multiplies ${M}×${K} by ${K2}×${N} (the last dim of the first must equal the second-to-last of the second)`);
  }
  return [M, K, N];
}

/**
 * out[batch…, M, N] = Σ op(a)·op(b) over the broadcast batch, summed into the batch shape `into`
 * (a shape that broadcasts to the full batch; the full batch when omitted). Summing here, with
 * GEMM accumulation, replaces a full-batch product followed by a reduction.
 */
function matmulInto(a: Tensor, b: Tensor, transA: boolean, transB: boolean, into?: readonly number[]): Tensor {
  const [M, K, N] = dimsOf(a, b, transA, transB);
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const batch = broadcastShapes("matmul", aBatch, bBatch);
  const target = into ?? batch;
  const nb = numelOf(batch);
  const out = new Float64Array(numelOf(target) * M * N);
  const outShape = [...target, M, N];
  if (nb === 0 || out.length === 0) return raw(out, outShape);
  const aAll = numelOf(aBatch) === nb;
  const bAll = numelOf(bBatch) === nb;
  const single = numelOf(target) === 1;
  // One matrix B for every batch entry: A's matrices are consecutive rows, so one GEMM does them all.
  if (!transA && aAll && numelOf(bBatch) === 1 && numelOf(target) === nb) {
    gemm(false, transB, nb * M, N, K, a.data, 0, b.data, 0, out, 0);
    return raw(out, outShape);
  }
  // Summed over the batch: Σ A_iᵀ·B_i = [A_1; A_2; …]ᵀ·[B_1; B_2; …], one GEMM with K = batch·rows.
  if (single && transA && !transB && aAll && bAll) {
    gemm(true, false, M, N, nb * K, a.data, 0, b.data, 0, out, 0);
    return raw(out, outShape);
  }
  const sa = broadcastStrides(aBatch, batch);
  const sb = broadcastStrides(bBatch, batch);
  const so = broadcastStrides(target, batch);
  const bs = stridesOf(batch);
  const written = new Uint8Array(numelOf(target));
  for (let i = 0; i < nb; i++) {
    let oa = 0;
    let ob = 0;
    let oo = 0;
    let rem = i;
    for (let d = 0; d < batch.length; d++) {
      const c = Math.floor(rem / bs[d]);
      rem -= c * bs[d];
      oa += c * sa[d];
      ob += c * sb[d];
      oo += c * so[d];
    }
    gemm(transA, transB, M, N, K, a.data, oa * M * K, b.data, ob * K * N, out, oo * M * N, written[oo] === 1);
    written[oo] = 1;
  }
  return raw(out, outShape);
}

/** out = op(a)·op(b) over broadcast batch dims; the transposes act on the last two dims. */
export function batchedMatmul(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  return matmulInto(a, b, transA, transB);
}

/** Attributes of matmul: `transB` multiplies by the transpose of b's last two dims (x·Wᵀ without a transposed copy of W). */
export interface MatmulAttrs {
  transB?: boolean;
}

export const linalgOps = {
  matmul: {
    forward: ([a, b], { transB = false }) => batchedMatmul(a, b, false, transB),
    // y = a·b: dA = g·bᵀ, dB = aᵀ·g. y = a·bᵀ: dA = g·b, dB = gᵀ·a. Each is summed straight into its
    // input's batch shape (a broadcast operand's gradient is accumulated by GEMM, not materialised
    // per batch entry).
    backward: (g, [a, b], _y, { transB = false }) => [
      a.requiresGrad ? matmulInto(g, b, false, !transB, a.shape.slice(0, -2)) : null,
      b.requiresGrad ? (transB ? matmulInto(g, a, true, false, b.shape.slice(0, -2)) : matmulInto(a, g, true, false, b.shape.slice(0, -2))) : null,
    ],
  } satisfies OpDef<MatmulAttrs>,
};
