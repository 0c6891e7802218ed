// The engine's one seeded generator: xoshiro128** on 32-bit integers (same numbers on every platform;
// V8's Math.log/cos are fdlibm ports, so normals repeat too).

let s0 = 0;
let s1 = 0;
let s2 = 0;
let s3 = 0;
let currentSeed = 0;
let spareNormal: number | null = null;

function splitmix32(seed: number): () => number {
  let z = seed >>> 0;
  return () => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z;
    t = Math.imul(t ^ (t >>> 16), 0x85ebca6b) >>> 0;
    t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35) >>> 0;
    return (t ^ (t >>> 16)) >>> 0;
  };
}

/** Seeds the engine's random generator (randn, rand, randint, dropout, initialisation). */
export function manualSeed(seed: number): void {
  currentSeed = seed;
  const next = splitmix32(Math.floor(seed) ^ Math.floor(seed / 2 ** 32));
  s0 = next();
  s1 = next();
  s2 = next();
  s3 = next();
  spareNormal = null;
}

/** The seed last given to manualSeed. */
export function initialSeed(): number {
  return currentSeed;
}

function nextU32(): number {
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 11);
  return result;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A uniform double in [0, 1) with 53 random bits. */
export function uniform(): number {
  const hi = nextU32() >>> 5;
  const lo = nextU32() >>> 6;
  return (hi * 67108864 + lo) / 9007199254740992;
}

/** A standard normal sample (Box–Muller, both values used). */
export function normal(): number {
  if (spareNormal !== null) {
    const v = spareNormal;
    spareNormal = null;
    return v;
  }
  let u = 0;
  while (u === 0) u = uniform();
  const v = uniform();
  const r = Math.sqrt(-2 * Math.log(u));
  spareNormal = r * Math.sin(2 * Math.PI * v);
  return r * Math.cos(2 * Math.PI * v);
}

/** A uniform integer in [low, high). */
export function integer(low: number, high: number): number {
  return low + Math.floor(uniform() * (high - low));
}

manualSeed(0);
