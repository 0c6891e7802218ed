// One-pass summaries of tensor data (norm, moments, extremes, zeros, NaN/Inf, log10 histogram) and
// the encoding of non-finite numbers for JSON (see the note at the top of protocol.ts). These run on
// every op output and gradient of a traced pass, so the common case (all finite) is one tight loop.
import { summaryPass } from "../engine/kernels/summary";
import type { JsonNumber, Log10Histogram, TensorStats } from "../protocol";

/** Histogram range: decades 10^-20 … 10^10. */
export const HIST_LO = -20;
export const HIST_HI = 10;

/** Summarises `data` (finite elements only); `withHist` adds the log10|x| histogram (gradients). */
export function summarize(data: Float64Array, withHist = false): TensorStats {
  if (data.length >= WASM_MIN) {
    const fast = summarizeWasm(data, withHist);
    if (fast !== null) return fast;
  }
  if (withHist && WORDS_LE) return summarizeWithHist(data);
  const n = data.length;
  // NOTE: moments are accumulated around the first value, so a large common offset does not cancel.
  const v0 = n > 0 ? data[0] : 0;
  let s = 0;
  let s2 = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    const d = v - v0;
    s += d;
    s2 += d * d;
    sq += v * v;
    min = v < min ? v : min;
    max = v > max ? v : max;
    // Branch-free: zeros are common (ReLU) but unpredictable, and a branch here mispredicts.
    zeros += +(v === 0);
  }
  // Any NaN or Inf (or an overflowing square) poisons s2 or sq: redo carefully.
  const stats = Number.isFinite(s2) && Number.isFinite(sq) ? finish(n, n, 0, 0, zeros, min, max, v0, s, s2, Math.sqrt(sq)) : careful(data);
  if (withHist) stats.hist = log10Histogram(data);
  return stats;
}

// Below this length the copy into wasm memory and the call cost more than the JS loop saves.
const WASM_MIN = 256;

/** summarize through the WebAssembly kernel; null when it cannot run (then the JS loops do). */
function summarizeWasm(data: Float64Array, withHist: boolean): TensorStats | null {
  const v0 = data[0];
  const bins = withHist ? WASM_BINS.bins.fill(0) : null;
  const m = summaryPass(data, v0, bins === null ? undefined : WASM_BINS);
  if (m === null) return null;
  if (!(Number.isFinite(m.s2) && Number.isFinite(m.sq))) {
    const stats = careful(data);
    if (withHist) stats.hist = log10Histogram(data);
    return stats;
  }
  const stats = finish(data.length, data.length, 0, 0, m.zeros, m.min, m.max, v0, m.s, m.s2, Math.sqrt(m.sq));
  if (bins !== null) stats.hist = trimmed(bins, bins[UNDER] + bins[TINY] - m.zeros, bins[OVER]);
  return stats;
}

/** summarize + histogram in one pass: the decade comes from the exponent bits through two tables. */
function summarizeWithHist(data: Float64Array): TensorStats {
  const n = data.length;
  const words = new Uint32Array(data.buffer, data.byteOffset, n * 2);
  const bins = new Int32Array(SLOTS);
  const v0 = n > 0 ? data[0] : 0;
  let s = 0;
  let s2 = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    const d = v - v0;
    s += d;
    s2 += d * d;
    sq += v * v;
    min = v < min ? v : min;
    max = v > max ? v : max;
    zeros += +(v === 0);
    const top = (words[2 * i + 1] >>> 16) & 0x7fff;
    const slot = SLOT[top];
    bins[slot !== SPLIT ? slot : Math.abs(v) >= SPLIT_EDGE[top] ? SPLIT_HIGH[top] : SPLIT_LOW[top]]++;
  }
  if (!(Number.isFinite(s2) && Number.isFinite(sq))) {
    const stats = careful(data);
    stats.hist = log10Histogram(data);
    return stats;
  }
  const stats = finish(n, n, 0, 0, zeros, min, max, v0, s, s2, Math.sqrt(sq));
  stats.hist = trimmed(bins, bins[UNDER] + bins[TINY] - zeros, bins[OVER]);
  return stats;
}

function finish(n: number, finite: number, nan: number, inf: number, zeros: number, min: number, max: number, shift: number, s: number, s2: number, norm: number): TensorStats {
  const m = finite === 0 ? 0 : s / finite;
  return {
    numel: n,
    norm: finiteOrNull(norm),
    mean: finite === 0 ? null : finiteOrNull(shift + m),
    std: finite === 0 ? null : finiteOrNull(Math.sqrt(Math.max(0, s2 / finite - m * m))),
    min: finite === 0 ? null : min,
    max: finite === 0 ? null : max,
    zeroFraction: n === 0 ? 0 : zeros / n,
    nan,
    inf,
  };
}

/** The slow path: skips non-finite elements and scales the norm so squares cannot overflow. */
function careful(data: Float64Array): TensorStats {
  let finite = 0;
  let nan = 0;
  let inf = 0;
  let zeros = 0;
  let min = Infinity;
  let max = -Infinity;
  let shift = NaN;
  let big = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) {
      if (v !== v) nan++;
      else inf++;
      continue;
    }
    if (finite === 0) shift = v;
    finite++;
    if (v === 0) zeros++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (Math.abs(v) > big) big = Math.abs(v);
  }
  let s = 0;
  let s2 = 0;
  let sq = 0;
  // Scaled by the largest magnitude: moments of values near 1e308 stay finite.
  const scale = big > 0 ? big : 1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) continue;
    const d = v / scale - shift / scale;
    s += d;
    s2 += d * d;
    sq += (v / scale) * (v / scale);
  }
  const stats = finish(data.length, finite, nan, inf, zeros, min, max, 0, s, s2, scale * Math.sqrt(sq));
  if (finite > 0) {
    stats.mean = finiteOrNull(shift + (s / finite) * scale);
    stats.std = finiteOrNull(scale * Math.sqrt(Math.max(0, s2 / finite - (s / finite) ** 2)));
  }
  return stats;
}

// The histogram slot of a value from the top 15 bits of its magnitude (11 exponent bits and 4 mantissa
// bits): a 1/16-octave bucket lies inside one decade, except the one bucket per decade edge, which is
// marked SPLIT and settled by one comparison with the edge. Slots: bins 0…29, then UNDER, OVER, TINY
// (zero or subnormal: exponent 0) and ODD (NaN/Inf: exponent 2047). This avoids a log10 per element.
const BINS = HIST_HI - HIST_LO;
const UNDER = BINS;
const OVER = BINS + 1;
const TINY = BINS + 2;
const ODD = BINS + 3;
const SLOTS = BINS + 4;
const SPLIT = 255;
const slotOf = (decade: number): number => (decade < HIST_LO ? UNDER : decade >= HIST_HI ? OVER : decade - HIST_LO);
// NOTE: decade edges are the doubles nearest 10^k (as the literal 1ek parses), not Math.pow(10, k),
// which can be an ulp off: so 1e-5 falls in the bin of 10^-5, as its printed form says.
const POW10_MIN = -330;
const POW10 = Float64Array.from({ length: 650 }, (_, i) => Number(`1e${i + POW10_MIN}`));
const pow10 = (k: number): number => POW10[k - POW10_MIN];
/** floor(log10(a)) for a > 0, exact against the edges above. */
function decadeOf(a: number): number {
  const k = Math.floor(Math.log10(a));
  return pow10(k) > a ? k - 1 : pow10(k + 1) <= a ? k + 1 : k;
}
const SLOT = new Uint8Array(1 << 15);
const SPLIT_EDGE = new Float64Array(1 << 15);
const SPLIT_LOW = new Uint8Array(1 << 15);
const SPLIT_HIGH = new Uint8Array(1 << 15);
for (let top = 0; top < 1 << 15; top++) {
  const e = top >>> 4;
  if (e === 0 || e === 2047) {
    SLOT[top] = e === 0 ? TINY : ODD;
    continue;
  }
  const lo = 2 ** (e - 1023) * (1 + (top & 15) / 16);
  const hi = 2 ** (e - 1023) * (1 + ((top & 15) + 1) / 16);
  const d = decadeOf(lo);
  const edge = pow10(d + 1);
  if (edge >= hi) SLOT[top] = slotOf(d);
  else {
    SLOT[top] = SPLIT;
    SPLIT_EDGE[top] = edge;
    SPLIT_LOW[top] = slotOf(d);
    SPLIT_HIGH[top] = slotOf(d + 1);
  }
}
const SLOT_TABLES = { slot: SLOT, low: SPLIT_LOW, high: SPLIT_HIGH, edge: SPLIT_EDGE };
// The bins summarizeWasm counts into, reused (trimmed() copies what it keeps).
const WASM_BINS = { tables: SLOT_TABLES, bins: new Int32Array(SLOTS) };
const WORDS_LE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The stored form of the bins: only from the first to the last nonempty one. */
function trimmed(bins: Int32Array, under: number, over: number): Log10Histogram {
  let first = 0;
  while (first < BINS && bins[first] === 0) first++;
  let last = BINS;
  while (last > first && bins[last - 1] === 0) last--;
  const counts = new Array<number>(last - first);
  for (let i = first; i < last; i++) counts[i - first] = bins[i];
  return first === last ? { lo: 0, hi: 0, counts, under, over } : { lo: HIST_LO + first, hi: HIST_LO + last, counts, under, over };
}

/**
 * Histogram of log10|x| over the nonzero finite elements, one bin per decade between 10^HIST_LO and
 * 10^HIST_HI; only the range from the first to the last nonempty bin is stored.
 */
export function log10Histogram(data: Float64Array): Log10Histogram {
  const bins = new Int32Array(SLOTS);
  for (let i = 0; i < data.length; i++) {
    const a = Math.abs(data[i]);
    if (a === 0 || a - a !== 0) continue;
    bins[slotOf(decadeOf(a))]++;
  }
  return trimmed(bins, bins[UNDER], bins[OVER]);
}

/** L2 norm of all elements (NaN if any is NaN, Infinity if any is infinite; overflow-safe). */
export function l2norm(data: Float64Array): number {
  let sq = 0;
  for (let i = 0; i < data.length; i++) sq += data[i] * data[i];
  if (Number.isFinite(sq)) return Math.sqrt(sq);
  for (let i = 0; i < data.length; i++) if (data[i] - data[i] !== 0) return Math.abs(data[i]) === Infinity ? Infinity : NaN;
  return careful(data).norm ?? Infinity;
}

/** The number itself if finite, else null. */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** A number for JSON: finite numbers as is, non-finite ones as "NaN" / "Infinity" / "-Infinity". */
export function jsonNumber(v: number): JsonNumber {
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
}

/** Raw data as a JSON array (non-finite values as text). */
export function jsonArray(data: Float64Array): JsonNumber[] {
  const out = new Array<JsonNumber>(data.length);
  for (let i = 0; i < data.length; i++) out[i] = jsonNumber(data[i]);
  return out;
}

/** a / b when both are finite and b > 0, else null. */
export function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || !(b > 0)) return null;
  return finiteOrNull(a / b);
}

/** The norm a summary stands for: null when the tensor holds NaN or Inf. */
export function normOf(s: TensorStats | null): number | null {
  return s === null || s.nan + s.inf > 0 ? null : s.norm;
}
