// Deterministic inputs and weights for the benchmark models (the same values for both engines).

/**
 * A seeded uniform generator in [-0.5, 0.5) (mulberry32): the benchmark does not touch the engine's RNG,
 * and tests draw their data from it too (independent of the engine's generator, so failures reproduce).
 */
export function uniformSource(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

/** n values uniform in [-scale, scale). */
export function values(n: number, scale: number, seed: number): Float64Array {
  const next = uniformSource(seed);
  return Float64Array.from({ length: n }, () => 2 * scale * next());
}

/**
 * Consecutive seeds from `base`. Each model starts from its own base and both engines draw its
 * tensors in the same order, so they get the same values whichever models a run builds.
 */
export function seedsFrom(base: number): () => number {
  let next = base;
  return () => next++;
}

/** Seed bases of the models. */
export const seedBase = { mlp: 100, cnn: 200, transformer: 300 } as const;

/** A one-hot [n, classes] matrix for labels i mod classes. */
export function oneHot(n: number, classes: number): Float64Array {
  const out = new Float64Array(n * classes);
  for (let i = 0; i < n; i++) out[i * classes + ((i * 7) % classes)] = 1;
  return out;
}

/** Kaiming-uniform-like scale for a layer with `fanIn` inputs. */
export const scaleFor = (fanIn: number): number => 1 / Math.sqrt(fanIn);

/** The benchmark's model sizes, shared by both implementations. */
export const sizes = {
  mlp: { batch: 128, layers: [784, 512, 256, 10] },
  cnn: { batch: 32, side: 28, c1: 16, c2: 32, classes: 10 },
  transformer: { batch: 8, seq: 32, dModel: 64, heads: 4, ffn: 256, layers: 2, classes: 10, eps: 1e-5 },
} as const;

/** One model ready to time: `step` runs forward and backward once. */
export interface BenchModel {
  step(): void;
  /** The loss of the last step (to check both engines compute the same thing). */
  lastLoss(): number;
}
