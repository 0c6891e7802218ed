// A gradient histogram (one bar per decade of |g|) as chart-ready bars.
import type { Log10Histogram, TensorStats } from "../../src/protocol";

/** Bars of a log10 histogram: labels like "1e-3", counts, and the zero and outlier counts beside them. */
export interface HistogramBars {
  labels: string[];
  counts: number[];
  /** Exponent of each bar's lower edge. */
  exponents: number[];
  zeros: number;
  under: number;
  over: number;
  nonFinite: number;
}

/** Bars for a tensor's statistics; null when it has no histogram. */
export function histogramBars(stats: TensorStats | null): HistogramBars | null {
  const h: Log10Histogram | undefined = stats?.hist;
  if (!stats || !h) return null;
  const exponents = h.counts.map((_, k) => h.lo + k);
  return {
    labels: exponents.map((e) => `1e${e}`),
    counts: [...h.counts],
    exponents,
    zeros: Math.round(stats.zeroFraction * stats.numel),
    under: h.under,
    over: h.over,
    nonFinite: stats.nan + stats.inf,
  };
}
