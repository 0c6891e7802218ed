// One-pass tensor statistics in WebAssembly SIMD (summary.wat), for summaries taken of every op output
// and gradient of a traced pass (src/trace/stats.ts). A JS loop over a Float64Array runs at ~2 ns per
// element for the moments and ~4 ns with the log10 histogram; this kernel, copy into wasm memory
// included, takes ~0.7 ns for the moments and ~1.7 ns with the histogram (in the same pass).
// Results as the JS loop's, except that sums are accumulated in four streams (last-bit differences)
// and, between equal zeros of opposite sign, min/max may keep a different one.
import { summaryWasmBase64 } from "./summaryWasm.generated";
import { type KernelMemory, growTo, instantiateKernel } from "./wasmKernel";

interface SummaryKernel {
  memory: KernelMemory;
  /** tab 0: no histogram. */
  summary(p: number, n: number, shift: number, tab: number, bins: number): void;
}

/** Sums of one pass: Σ(x − shift), Σ(x − shift)², Σx², the extremes and the number of zeros. */
export interface Moments {
  s: number;
  s2: number;
  sq: number;
  min: number;
  max: number;
  zeros: number;
}

/**
 * Histogram slot tables indexed by the top 15 bits of |x| (11 exponent bits, 4 mantissa bits), each
 * 32768 long: slot[top], or where slot[top] is 255, low[top] below edge[top] and high[top] from it.
 */
export interface SlotTables {
  slot: Uint8Array;
  low: Uint8Array;
  high: Uint8Array;
  edge: Float64Array;
}

const TOPS = 1 << 15;
/** Byte layout: results at 0, four bin sets of MAX_BINS i32 at BINS, the tables at TABLES, data at DATA. */
const BINS = 64;
const MAX_BINS = 256;
const SETS = 4;
const TABLES = 8192;
const DATA = TABLES + 3 * TOPS + 8 * TOPS;
/** Elements copied in and summarised at a time (a multiple of 4; 128 KB stays in the L2 cache). */
const CHUNK = 16384;

let kernel: SummaryKernel | null | undefined;
let f64 = new Float64Array(0);
let i32 = new Int32Array(0);
let loadedTables: SlotTables | null = null;

/** Instantiates the kernel once; null keeps the callers' JS loops. */
function loadKernel(): SummaryKernel | null {
  if (kernel === undefined) kernel = instantiateKernel<SummaryKernel>(summaryWasmBase64);
  return kernel;
}

/** True when the WebAssembly kernel is available (for tests). */
export function summaryUsesWasm(): boolean {
  return loadKernel() !== null;
}

/** Grows wasm memory to hold `bytes` (never shrinks: it is reused); false when it cannot. */
function reserve(k: SummaryKernel, bytes: number): boolean {
  if (!growTo(k.memory, bytes)) return false;
  if (f64.buffer !== k.memory.buffer) {
    f64 = new Float64Array(k.memory.buffer);
    i32 = new Int32Array(k.memory.buffer);
  }
  return true;
}

/** Copies the slot tables into wasm memory unless these very tables are there already. */
function loadTables(k: SummaryKernel, t: SlotTables): void {
  if (loadedTables === t) return;
  const bytes = new Uint8Array(k.memory.buffer);
  bytes.set(t.slot.subarray(0, TOPS), TABLES);
  bytes.set(t.low.subarray(0, TOPS), TABLES + TOPS);
  bytes.set(t.high.subarray(0, TOPS), TABLES + 2 * TOPS);
  f64.set(t.edge.subarray(0, TOPS), (TABLES + 3 * TOPS) / 8);
  loadedTables = t;
}

/**
 * The moments of `data` around `shift` in one SIMD pass and, given `hist`, each element counted
 * into hist.bins (added to what they hold) by the slot tables. Non-finite elements make s2 or sq
 * non-finite, as in a plain loop: callers check that and take their careful path. Null when
 * WebAssembly is unavailable; then the caller's own loop runs.
 */
export function summaryPass(data: Float64Array, shift: number, hist?: { tables: SlotTables; bins: Int32Array }): Moments | null {
  const k = loadKernel();
  const n = data.length;
  if (k === null || (hist !== undefined && hist.bins.length > MAX_BINS)) return null;
  if (!reserve(k, DATA + 8 * Math.min(n, CHUNK))) return null;
  const used = hist?.bins.length ?? 0;
  if (hist !== undefined) {
    loadTables(k, hist.tables);
    for (let s = 0; s < SETS; s++) i32.fill(0, BINS / 4 + s * MAX_BINS, BINS / 4 + s * MAX_BINS + used);
  }
  const m: Moments = { s: 0, s2: 0, sq: 0, min: Infinity, max: -Infinity, zeros: 0 };
  // NOTE: chunk by chunk, so each chunk is still in the cache when the kernel reads it: one copy
  // of a multi-megabyte tensor followed by one pass would go through memory twice more.
  for (let at = 0; at < n; at += CHUNK) {
    const len = Math.min(CHUNK, n - at);
    f64.set(len === n ? data : data.subarray(at, at + len), DATA / 8);
    k.summary(DATA, len, shift, hist === undefined ? 0 : TABLES, BINS);
    m.s += f64[0];
    m.s2 += f64[1];
    m.sq += f64[2];
    // The same rule as the kernel's: NaN never replaces a value.
    if (f64[3] < m.min) m.min = f64[3];
    if (f64[4] > m.max) m.max = f64[4];
    m.zeros += f64[5];
  }
  if (hist !== undefined) {
    for (let s = 0; s < SETS; s++) {
      const at = BINS / 4 + s * MAX_BINS;
      for (let i = 0; i < used; i++) hist.bins[i] += i32[at + i];
    }
  }
  return m;
}
