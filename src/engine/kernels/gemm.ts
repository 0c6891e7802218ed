// Matrix multiply on row-major Float64Array storage. One entry point serves forward and backward.
// Large products run in the WebAssembly SIMD kernel (gemm.wat); tiny ones, and hosts without
// WebAssembly, use the plain loops below. Both give float64 results that differ only in
// summation order.
import { gemmWasmBase64 } from "./gemmWasm.generated";
import { type KernelMemory, growTo, instantiateKernel } from "./wasmKernel";

interface WasmKernel {
  memory: KernelMemory;
  gemm: (
    M: number, N: number, K: number,
    a: number, rsA: number, csA: number,
    b: number, rsB: number, csB: number,
    c: number, ldc: number,
    pa: number, pb: number, MC: number, KC: number, NC: number,
  ) => void;
}

/** Below this many multiply-adds the copies into wasm memory cost more than they save. */
const WASM_MIN_WORK = 1024;
/** Block sizes (elements): a KC-deep slice of a 4-column B panel stays in L1, an MC×KC A block in L2. */
const KC_MAX = 256;
const MC_MAX = 128;
const NC_MAX = 2048;
/** Bytes 0..127 of wasm memory are the kernel's scratch tile. */
const SCRATCH_BYTES = 128;
/** Above this the JS loops run instead: wasm32 addresses must stay well inside 4 GiB. */
const MAX_WASM_BYTES = 2 ** 31;

let kernel: WasmKernel | null | undefined;
let view = new Float64Array(0);

/** Instantiates the kernel once; null keeps the JS loops, which give the same results. */
function loadKernel(): WasmKernel | null {
  if (kernel === undefined) kernel = instantiateKernel<WasmKernel>(gemmWasmBase64);
  return kernel;
}

/** True when the WebAssembly kernel is in use (for tests and the benchmark). */
export function gemmUsesWasm(): boolean {
  return loadKernel() !== null;
}

/** A view of wasm memory holding at least `bytes`, growing the memory (never shrinking: it is reused); null when it cannot grow. */
function memoryView(k: WasmKernel, bytes: number): Float64Array | null {
  if (!growTo(k.memory, bytes)) return null;
  if (view.buffer !== k.memory.buffer) view = new Float64Array(k.memory.buffer);
  return view;
}

const roundUp = (v: number, m: number): number => Math.ceil(v / m) * m;
/** Cuts n into equal blocks of at most max (a multiple of `mult`): 784 → 4×196 rather than 256+256+256+16. */
const blockOf = (n: number, max: number, mult: number): number => roundUp(Math.ceil(n / Math.ceil(n / max)), mult);

/**
 * C[M×N] = op(A)·op(B) (or += when accumulate). op(A) is M×K: A is stored M×K, or K×M when transA.
 * op(B) is K×N: B is stored K×N, or N×K when transB. Offsets select a matrix inside a batch.
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  aOff: number,
  B: Float64Array,
  bOff: number,
  C: Float64Array,
  cOff: number,
  accumulate = false,
): void {
  if (M === 0 || N === 0) return;
  const k = K > 0 && M * N * K >= WASM_MIN_WORK ? loadKernel() : null;
  if (k !== null && gemmWasm(k, transA, transB, M, N, K, A, aOff, B, bOff, C, cOff, accumulate)) return;
  if (!accumulate) C.fill(0, cOff, cOff + M * N);
  gemmLoops(transA, transB, M, N, K, A, aOff, B, bOff, C, cOff);
}

/** C += op(A)·op(B) in the wasm kernel; false when the operands do not fit its memory. */
function gemmWasm(
  k: WasmKernel,
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  aOff: number,
  B: Float64Array,
  bOff: number,
  C: Float64Array,
  cOff: number,
  accumulate: boolean,
): boolean {
  const KC = blockOf(K, KC_MAX, 1);
  const MC = blockOf(M, MC_MAX, 4);
  const NC = blockOf(N, NC_MAX, 4);
  // Element offsets of each region, kept 16-byte aligned for the vector loads.
  const pa = SCRATCH_BYTES / 8;
  const pb = pa + MC * KC;
  const a = roundUp(pb + KC * NC, 2);
  const b = roundUp(a + M * K, 2);
  const c = roundUp(b + K * N, 2);
  const bytes = (c + M * N) * 8;
  const mem = bytes > MAX_WASM_BYTES ? null : memoryView(k, bytes);
  if (mem === null) return false;
  mem.set(A.subarray(aOff, aOff + M * K), a);
  mem.set(B.subarray(bOff, bOff + K * N), b);
  if (accumulate) mem.set(C.subarray(cOff, cOff + M * N), c);
  else mem.fill(0, c, c + M * N);
  k.gemm(M, N, K, a * 8, transA ? 1 : K, transA ? M : 1, b * 8, transB ? 1 : N, transB ? K : 1, c * 8, N, pa * 8, pb * 8, MC, KC, NC);
  C.set(mem.subarray(c, c + M * N), cOff);
  return true;
}

/** C += op(A)·op(B) with plain loops (the fallback; exported for tests), i-k-j order so the inner loop runs along rows of B and C. */
export function gemmLoops(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  aOff: number,
  B: Float64Array,
  bOff: number,
  C: Float64Array,
  cOff: number,
): void {
  const rsA = transA ? 1 : K;
  const csA = transA ? M : 1;
  for (let i = 0; i < M; i++) {
    const c0 = cOff + i * N;
    for (let p = 0; p < K; p++) {
      const av = A[aOff + i * rsA + p * csA];
      if (transB) {
        for (let j = 0; j < N; j++) C[c0 + j] += av * B[bOff + j * K + p];
      } else {
        const b0 = bOff + p * N;
        for (let j = 0; j < N; j++) C[c0 + j] += av * B[b0 + j];
      }
    }
  }
}
