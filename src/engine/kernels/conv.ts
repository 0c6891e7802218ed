// Convolution as matrix multiply: im2col lays every receptive field of one image out as a column,
// so the convolution, its weight gradient and its input gradient are each one GEMM per image.
// NCHW storage, cross-correlation (no kernel flip), zero padding, as PyTorch.
import { gemm } from "./gemm";

// One column buffer reused by every call (the engine is synchronous): a conv layer's columns are
// megabytes, and allocating them per call costs page faults and garbage collection.
let colBuffer = new Float64Array(0);

/** A scratch column matrix of n elements (contents undefined). */
function columns(n: number): Float64Array {
  if (colBuffer.length < n) colBuffer = new Float64Array(n);
  return colBuffer.subarray(0, n);
}

/** Sizes of one 2-D sliding-window op: input, window, stride, padding, dilation and output. */
export interface Window2d {
  N: number;
  C: number;
  H: number;
  W: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  dh: number;
  dw: number;
  Ho: number;
  Wo: number;
}

/** Output length of a sliding window along one dim (PyTorch's formula, floor mode). */
export function outSize(size: number, k: number, stride: number, pad: number, dilation: number): number {
  return Math.floor((size + 2 * pad - dilation * (k - 1) - 1) / stride) + 1;
}

/** The window geometry of an input of shape [N, C, H, W]. */
export function window2d(
  shape: readonly number[],
  [kh, kw]: readonly number[],
  [sh, sw]: readonly number[],
  [ph, pw]: readonly number[],
  [dh, dw]: readonly number[],
): Window2d {
  const [N, C, H, W] = shape;
  return { N, C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, Ho: outSize(H, kh, sh, ph, dh), Wo: outSize(W, kw, sw, pw, dw) };
}

/**
 * For kernel offset `kj` along a row: the output columns [lo, hi) whose input column
 * ow·sw − pw + kj·dw falls inside [0, W). Outside that range the window sees padding.
 */
function validRange(out: number, size: number, stride: number, pad: number, shift: number): [number, number] {
  const lo = Math.min(out, Math.max(0, Math.ceil((pad - shift) / stride)));
  const hi = Math.min(out, Math.floor((size - 1 + pad - shift) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

/**
 * Writes image n of x into col as a [C·kh·kw, Ho·Wo] matrix: row (c, i, j) holds, for every
 * output position, the input value under kernel tap (i, j) of channel c (0 in the padding).
 */
export function im2col(x: Float64Array, g: Window2d, n: number, col: Float64Array): void {
  const { C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo } = g;
  const P = Ho * Wo;
  let row = 0;
  for (let c = 0; c < C; c++) {
    const plane = (n * C + c) * H * W;
    for (let i = 0; i < kh; i++) {
      const [ohLo, ohHi] = validRange(Ho, H, sh, ph, i * dh);
      for (let j = 0; j < kw; j++, row++) {
        const [owLo, owHi] = validRange(Wo, W, sw, pw, j * dw);
        const base = row * P;
        col.fill(0, base, base + ohLo * Wo);
        col.fill(0, base + ohHi * Wo, base + P);
        for (let oh = ohLo; oh < ohHi; oh++) {
          const dst = base + oh * Wo;
          const src = plane + (oh * sh - ph + i * dh) * W - pw + j * dw;
          for (let ow = 0; ow < owLo; ow++) col[dst + ow] = 0;
          for (let ow = owLo; ow < owHi; ow++) col[dst + ow] = x[src + ow * sw];
          for (let ow = owHi; ow < Wo; ow++) col[dst + ow] = 0;
        }
      }
    }
  }
}

/** The adjoint of im2col: adds each column entry back into image n of dx (overlaps accumulate). */
export function col2im(col: Float64Array, g: Window2d, n: number, dx: Float64Array): void {
  const { C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo } = g;
  const P = Ho * Wo;
  let row = 0;
  for (let c = 0; c < C; c++) {
    const plane = (n * C + c) * H * W;
    for (let i = 0; i < kh; i++) {
      const [ohLo, ohHi] = validRange(Ho, H, sh, ph, i * dh);
      for (let j = 0; j < kw; j++, row++) {
        const [owLo, owHi] = validRange(Wo, W, sw, pw, j * dw);
        for (let oh = ohLo; oh < ohHi; oh++) {
          const srcRow = row * P + oh * Wo;
          const dst = plane + (oh * sh - ph + i * dh) * W - pw + j * dw;
          for (let ow = owLo; ow < owHi; ow++) dx[dst + ow * sw] += col[srcRow + ow];
        }
      }
    }
  }
}

/** y[N, Cout, Ho, Wo] = w[Cout, C·kh·kw] · im2col(x) (+ bias[Cout]), one GEMM per image. */
export function conv2dForward(x: Float64Array, w: Float64Array, bias: Float64Array | null, g: Window2d, cout: number): Float64Array {
  const P = g.Ho * g.Wo;
  const CK = g.C * g.kh * g.kw;
  const y = new Float64Array(g.N * cout * P);
  const col = columns(CK * P);
  for (let n = 0; n < g.N; n++) {
    const yOff = n * cout * P;
    if (bias !== null) for (let o = 0; o < cout; o++) y.fill(bias[o], yOff + o * P, yOff + (o + 1) * P);
    im2col(x, g, n, col);
    gemm(false, false, cout, P, CK, w, 0, col, 0, y, yOff, bias !== null);
  }
  return y;
}

/** Gradients of conv2d, each only when wanted: dx = col2im(wᵀ·gy), dw = Σₙ gy·colᵀ, db = Σ gy. */
export function conv2dBackward(
  gy: Float64Array,
  x: Float64Array,
  w: Float64Array,
  g: Window2d,
  cout: number,
  want: { x: boolean; w: boolean; b: boolean },
): { dx: Float64Array | null; dw: Float64Array | null; db: Float64Array | null } {
  const P = g.Ho * g.Wo;
  const CK = g.C * g.kh * g.kw;
  const dx = want.x ? new Float64Array(x.length) : null;
  const dw = want.w ? new Float64Array(cout * CK) : null;
  const db = want.b ? new Float64Array(cout) : null;
  const col = columns(CK * P);
  for (let n = 0; n < g.N; n++) {
    const gOff = n * cout * P;
    if (dw !== null) {
      im2col(x, g, n, col);
      gemm(false, true, cout, CK, P, gy, gOff, col, 0, dw, 0, true);
    }
    if (dx !== null) {
      gemm(true, false, CK, P, cout, w, 0, gy, gOff, col, 0);
      col2im(col, g, n, dx);
    }
    if (db !== null) {
      for (let o = 0; o < cout; o++) {
        let s = 0;
        for (let p = gOff + o * P, end = p + P; p < end; p++) s += gy[p];
        db[o] += s;
      }
    }
  }
  return { dx, dw, db };
}
