// Fused row-wise kernels: softmax and layer normalisation, forward and backward, each in one output
// allocation. The composed versions allocate a full-size temporary per step (exp, sums broadcast back,
// products…), and for the row sizes of attention and transformer layers those allocations and the
// page faults behind them cost more than the arithmetic.
// Softmax works on x viewed as [outer, R, inner], reduced over R; layer norm on [rows, n], over n.

/**
 * softmax over R of x [outer, R, inner]: exp(x − max) / Σ exp(x − max). A slice whose maximum is not
 * finite (all −∞, or a +∞/NaN) takes the unshifted path exp(x − log Σ exp(x)), so it gives NaN
 * exactly where the composed formula did.
 */
export function softmaxForward(x: Float64Array, outer: number, R: number, inner: number): Float64Array {
  const out = new Float64Array(x.length);
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const base = o * R;
      let m = -Infinity;
      for (let r = 0; r < R; r++) m = Math.max(m, x[base + r]);
      if (Number.isFinite(m)) {
        let s = 0;
        for (let r = 0; r < R; r++) {
          const e = Math.exp(x[base + r] - m);
          out[base + r] = e;
          s += e;
        }
        const inv = 1 / s;
        for (let r = 0; r < R; r++) out[base + r] *= inv;
      } else {
        let s = 0;
        for (let r = 0; r < R; r++) s += Math.exp(x[base + r]);
        const lse = Math.log(s);
        for (let r = 0; r < R; r++) out[base + r] = Math.exp(x[base + r] - lse);
      }
    }
    return out;
  }
  // Strided slices (softmax over a dim other than the last): one pass per statistic.
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * R * inner + i;
      let m = -Infinity;
      for (let r = 0, k = base; r < R; r++, k += inner) m = Math.max(m, x[k]);
      let s = 0;
      if (Number.isFinite(m)) {
        for (let r = 0, k = base; r < R; r++, k += inner) {
          const e = Math.exp(x[k] - m);
          out[k] = e;
          s += e;
        }
        const inv = 1 / s;
        for (let r = 0, k = base; r < R; r++, k += inner) out[k] *= inv;
      } else {
        for (let r = 0, k = base; r < R; r++, k += inner) s += Math.exp(x[k]);
        const lse = Math.log(s);
        for (let r = 0, k = base; r < R; r++, k += inner) out[k] = Math.exp(x[k] - lse);
      }
    }
  }
  return out;
}

/** dL/dx of softmax over R: y·g − y·Σ(y·g), with g = dL/dy and y the softmax output. */
export function softmaxBackward(g: Float64Array, y: Float64Array, outer: number, R: number, inner: number): Float64Array {
  const out = new Float64Array(y.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * R * inner + i;
      let s = 0;
      for (let r = 0, k = base; r < R; r++, k += inner) {
        const gy = g[k] * y[k];
        out[k] = gy;
        s += gy;
      }
      for (let r = 0, k = base; r < R; r++, k += inner) out[k] -= y[k] * s;
    }
  }
  return out;
}

/** Per-row statistics a layer norm keeps for its backward: the mean and √(var + eps) of each row. */
export interface NormStats {
  mean: Float64Array;
  std: Float64Array;
}

/**
 * Layer norm of x [rows, n] over n with the biased variance: (x − mean) / √(var + eps), then times
 * weight [n] and plus bias [n] when given. Same operation order as the composed form.
 */
export function layerNormForward(x: Float64Array, rows: number, n: number, eps: number, weight: Float64Array | null, bias: Float64Array | null): { y: Float64Array; stats: NormStats } {
  const y = new Float64Array(x.length);
  const mean = new Float64Array(rows);
  const std = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += x[base + j];
    const mu = s / n;
    let s2 = 0;
    for (let j = 0; j < n; j++) {
      const c = x[base + j] - mu;
      y[base + j] = c;
      s2 += c * c;
    }
    const sd = Math.sqrt(s2 / n + eps);
    mean[r] = mu;
    std[r] = sd;
    if (weight !== null && bias !== null) for (let j = 0; j < n; j++) y[base + j] = (y[base + j] / sd) * weight[j] + bias[j];
    else if (weight !== null) for (let j = 0; j < n; j++) y[base + j] = (y[base + j] / sd) * weight[j];
    else if (bias !== null) for (let j = 0; j < n; j++) y[base + j] = y[base + j] / sd + bias[j];
    else for (let j = 0; j < n; j++) y[base + j] /= sd;
  }
  return { y, stats: { mean, std } };
}

/** Which gradients of a layer norm are wanted. */
export interface NormWant {
  x: boolean;
  weight: boolean;
  bias: boolean;
}

/**
 * Gradients of the layer norm above. With x̂ = (x − mean)/std and d = g·weight (g where no weight):
 * dx = (d − mean(d) − x̂·mean(d·x̂)) / std per row, dweight = Σ_rows g·x̂, dbias = Σ_rows g.
 */
export function layerNormBackward(
  g: Float64Array,
  x: Float64Array,
  rows: number,
  n: number,
  stats: NormStats,
  weight: Float64Array | null,
  want: NormWant,
): { dx: Float64Array | null; dw: Float64Array | null; db: Float64Array | null } {
  const dx = want.x ? new Float64Array(x.length) : null;
  const dw = want.weight ? new Float64Array(n) : null;
  const db = want.bias ? new Float64Array(n) : null;
  const xhat = new Float64Array(n);
  const d = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    const mu = stats.mean[r];
    // NOTE: times the reciprocal rather than divided by std (two divisions per element cost more
    // than the rest of the loop); the difference is an ulp.
    const inv = 1 / stats.std[r];
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < n; j++) {
      const xh = (x[base + j] - mu) * inv;
      const v = weight === null ? g[base + j] : g[base + j] * weight[j];
      xhat[j] = xh;
      d[j] = v;
      s1 += v;
      s2 += v * xh;
    }
    if (dw !== null) for (let j = 0; j < n; j++) dw[j] += g[base + j] * xhat[j];
    if (db !== null) for (let j = 0; j < n; j++) db[j] += g[base + j];
    if (dx === null) continue;
    const m1 = s1 / n;
    const m2 = s2 / n;
    for (let j = 0; j < n; j++) dx[base + j] = (d[j] - m1 - xhat[j] * m2) * inv;
  }
  return { dx, dw, db };
}
