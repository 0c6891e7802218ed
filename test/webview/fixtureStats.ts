// Tensor statistics the way the trace result defines them (finite elements only, log10 histogram),
// for the webview fixtures.
import type { Log10Histogram, TensorStats } from "../../src/protocol";

/** TensorStats of raw values; `hist` adds the per-decade histogram of |x|. */
export function tensorStats(data: ArrayLike<number>, hist: boolean): TensorStats {
  let n = 0;
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  let nan = 0;
  let inf = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (Number.isNaN(v)) nan++;
    else if (!Number.isFinite(v)) inf++;
    else {
      n++;
      sum += v;
      sq += v * v;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v === 0) zeros++;
    }
  }
  const mean = n > 0 ? sum / n : null;
  const stats: TensorStats = {
    numel: data.length,
    norm: n > 0 ? Math.sqrt(sq) : null,
    mean,
    std: mean !== null ? Math.sqrt(Math.max(0, sq / n - mean * mean)) : null,
    min: n > 0 ? min : null,
    max: n > 0 ? max : null,
    zeroFraction: data.length > 0 ? zeros / data.length : 0,
    nan,
    inf,
  };
  if (hist) stats.hist = log10Histogram(data);
  return stats;
}

function log10Histogram(data: ArrayLike<number>): Log10Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const a = Math.abs(data[i]);
    if (a > 0 && Number.isFinite(a)) {
      const e = Math.floor(Math.log10(a));
      lo = Math.min(lo, e);
      hi = Math.max(hi, e + 1);
    }
  }
  if (lo > hi) return { lo: 0, hi: 0, counts: [], under: 0, over: 0 };
  lo = Math.max(lo, hi - 24);
  const counts = new Array<number>(hi - lo).fill(0);
  let under = 0;
  for (let i = 0; i < data.length; i++) {
    const a = Math.abs(data[i]);
    if (!(a > 0) || !Number.isFinite(a)) continue;
    const k = Math.floor(Math.log10(a)) - lo;
    if (k < 0) under++;
    else counts[Math.min(k, counts.length - 1)]++;
  }
  return { lo, hi, counts, under, over: 0 };
}
