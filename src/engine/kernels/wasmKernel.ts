// What the engine's WebAssembly kernels share: instantiating a module from the base64 bytes that
// scripts/buildWasm.mjs generates (synchronously: the modules are a few KB, which browsers allow on
// the main thread too), and growing a kernel's memory to hold its operands.

// NOTE: the engine's tsconfig has no DOM lib, so the few WebAssembly members used are typed here.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

/** The exported memory of a kernel. */
export interface KernelMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * The exports of the module in `base64`, or null when WebAssembly is missing, disabled by policy or
 * without SIMD: callers then keep their JS loops.
 */
export function instantiateKernel<T>(base64: string): T | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return null;
  try {
    return new api.Instance(new api.Module(decodeBase64(base64)), {}).exports as T;
  } catch {
    return null;
  }
}

/** Grows `memory` to hold at least `bytes` (never shrinks: kernels reuse it); false when it cannot grow. */
export function growTo(memory: KernelMemory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    memory.grow(Math.ceil((bytes - have) / 65536));
    return true;
  } catch {
    return false;
  }
}
