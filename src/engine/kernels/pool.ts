// 2-D max and average pooling over NCHW planes (no dilation, floor mode), forward and backward.
import type { Window2d } from "./conv";

/**
 * Max pooling: y holds each window's maximum and arg its index within the plane (the first
 * maximum in row-major order), or -inf and -1 for a window that covers only padding. Padding
 * counts as -inf; the first NaN of a window wins and stays.
 */
export function maxPoolForward(x: Float64Array, g: Window2d): { y: Float64Array; arg: Int32Array } {
  const { N, C, H, W, kh, kw, sh, sw, ph, pw, Ho, Wo } = g;
  const arg = new Int32Array(N * C * Ho * Wo);
  const y = new Float64Array(arg.length);
  let o = 0;
  for (let plane = 0; plane < N * C; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < Ho; oh++) {
      const h0 = Math.max(oh * sh - ph, 0);
      const h1 = Math.min(oh * sh - ph + kh, H);
      for (let ow = 0; ow < Wo; ow++, o++) {
        const w0 = Math.max(ow * sw - pw, 0);
        const w1 = Math.min(ow * sw - pw + kw, W);
        let best = -1;
        let max = -Infinity;
        for (let h = h0; h < h1; h++) {
          for (let i = base + h * W + w0, end = base + h * W + w1; i < end; i++) {
            const v = x[i];
            // Taken when v is larger, or is the window's first NaN (NaN compares false both ways).
            if (best < 0 || v > max || (v !== v && max === max)) {
              best = i - base;
              max = v;
            }
          }
        }
        arg[o] = best;
        y[o] = max;
      }
    }
  }
  return { y, arg };
}

/** Max-pool gradient: each output's gradient goes to its window's first maximum; overlaps add up. */
export function maxPoolScatter(gy: Float64Array, arg: Int32Array, g: Window2d): Float64Array {
  const P = g.Ho * g.Wo;
  const HW = g.H * g.W;
  const dx = new Float64Array(g.N * g.C * HW);
  for (let plane = 0, o = 0; plane < g.N * g.C; plane++) {
    const base = plane * HW;
    for (const end = o + P; o < end; o++) if (arg[o] >= 0) dx[base + arg[o]] += gy[o];
  }
  return dx;
}

/** The divisor of countIncludePad: the window's area within the padded input. */
function paddedArea(oh: number, ow: number, g: Window2d): number {
  // NOTE: as PyTorch, the window is clipped to the padded input (it never is in floor mode with pad ≤ k/2).
  const hs = oh * g.sh - g.ph;
  const ws = ow * g.sw - g.pw;
  return (Math.min(hs + g.kh, g.H + g.ph) - hs) * (Math.min(ws + g.kw, g.W + g.pw) - ws);
}

/** Average pooling forward (backward when `grad`): y = mean of each window, or dx += gy / divisor. */
export function avgPool(src: Float64Array, g: Window2d, countIncludePad: boolean, grad: boolean): Float64Array {
  const { N, C, H, W, kh, kw, sh, sw, ph, pw, Ho, Wo } = g;
  const out = new Float64Array(grad ? N * C * H * W : N * C * Ho * Wo);
  let o = 0;
  for (let plane = 0; plane < N * C; plane++) {
    const base = plane * H * W;
    for (let oh = 0; oh < Ho; oh++) {
      const h0 = Math.max(oh * sh - ph, 0);
      const h1 = Math.min(oh * sh - ph + kh, H);
      for (let ow = 0; ow < Wo; ow++, o++) {
        const w0 = Math.max(ow * sw - pw, 0);
        const w1 = Math.min(ow * sw - pw + kw, W);
        const d = countIncludePad ? paddedArea(oh, ow, g) : (h1 - h0) * (w1 - w0);
        if (grad) {
          const v = src[o] / d;
          for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) out[base + h * W + w] += v;
        } else {
          let s = 0;
          for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) s += src[base + h * W + w];
          out[o] = s / d;
        }
      }
    }
  }
  return out;
}
