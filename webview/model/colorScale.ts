// The gradient colour scale: log10 of a gradient norm mapped onto one palette, shared by the graph,
// its legend and the history heat map, so the same colour means the same magnitude everywhere.

/** A log10 domain in whole decades: colours run from 10^lo (cold) to 10^hi (hot). */
export interface ColorScale {
  lo: number;
  hi: number;
}

/** How a norm is drawn: a palette colour, or one of the cases without a magnitude. */
export type NormColor =
  | { kind: "value"; color: string; t: number }
  | { kind: "zero" }
  | { kind: "none" }
  | { kind: "nonfinite" };

// NOTE: mid-lightness stops so every colour reads on light, dark and high-contrast backgrounds; cold
// (vanishing) is blue, hot (exploding) is red, as readers expect.
/** Palette stops from t = 0 (smallest gradient) to t = 1 (largest). */
export const PALETTE: readonly string[] = ["#4e79d6", "#3fa7b8", "#6cbf5a", "#d9b43a", "#e8743b", "#e0474c"];

const MAX_DECADES = 16;
const MIN_DECADES = 2;

/**
 * The decade domain of a set of norms: from the 2nd percentile (a few underflowing values such as
 * 1e-30 must not wash out the rest; they take the coldest colour) up to the largest, whole decades,
 * at least 2 and at most 16 of them.
 */
export function scaleForNorms(norms: Iterable<number | null | undefined>): ColorScale {
  const logs: number[] = [];
  for (const n of norms) if (n !== null && n !== undefined && n > 0 && Number.isFinite(n)) logs.push(Math.log10(n));
  if (logs.length === 0) return { lo: -3, hi: 1 };
  logs.sort((a, b) => a - b);
  const min = logs[Math.floor((logs.length - 1) * 0.02)];
  const max = logs[logs.length - 1];
  // `|| 0` turns -0 (Math.ceil(-0.3)) into 0, which would print as 1e-0.
  let lo = Math.floor(min) || 0;
  let hi = Math.ceil(max) || 0;
  if (hi === lo) hi = lo + 1;
  while (hi - lo < MIN_DECADES) {
    lo -= 1;
    if (hi - lo < MIN_DECADES) hi += 1;
  }
  if (hi - lo > MAX_DECADES) lo = hi - MAX_DECADES;
  return { lo, hi };
}

/** Position of a norm in the scale, 0..1 (clamped); null when the norm has no magnitude. */
export function normPosition(norm: number, scale: ColorScale): number {
  const t = (Math.log10(norm) - scale.lo) / (scale.hi - scale.lo);
  return Math.min(1, Math.max(0, t));
}

/** The colour of a gradient norm (null: no gradient flows; 0: exactly zero). */
export function colorForNorm(norm: number | null | undefined, scale: ColorScale, nonFinite = false): NormColor {
  if (nonFinite) return { kind: "nonfinite" };
  if (norm === null || norm === undefined) return { kind: "none" };
  if (norm === 0) return { kind: "zero" };
  if (!Number.isFinite(norm)) return { kind: "nonfinite" };
  const t = normPosition(norm, scale);
  return { kind: "value", color: paletteAt(t), t };
}

/** The palette colour at t in [0, 1], interpolated between stops in linear RGB. */
export function paletteAt(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (PALETTE.length - 1);
  const i = Math.min(PALETTE.length - 2, Math.floor(x));
  const f = x - i;
  const a = parseHex(PALETTE[i]);
  const b = parseHex(PALETTE[i + 1]);
  const mix = a.map((c, k) => {
    const lin = toLinear(c) * (1 - f) + toLinear(b[k]) * f;
    return Math.round(fromLinear(lin));
  });
  return `#${mix.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/** Legend ticks: one per decade (thinned to at most `maxTicks`), with their positions. */
export function legendTicks(scale: ColorScale, maxTicks = 7): { exponent: number; t: number }[] {
  const span = scale.hi - scale.lo;
  const step = Math.max(1, Math.ceil(span / (maxTicks - 1)));
  const ticks: { exponent: number; t: number }[] = [];
  for (let e = scale.hi; e >= scale.lo; e -= step) ticks.unshift({ exponent: e, t: (e - scale.lo) / span });
  return ticks;
}

/** CSS linear-gradient stops for the legend bar. */
export function legendGradient(): string {
  return PALETTE.map((c, i) => `${c} ${((i / (PALETTE.length - 1)) * 100).toFixed(0)}%`).join(", ");
}

function parseHex(hex: string): number[] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

function toLinear(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

function fromLinear(l: number): number {
  const s = l <= 0.0031308 ? l * 12.92 : 1.055 * l ** (1 / 2.4) - 0.055;
  return Math.min(255, Math.max(0, s * 255));
}
