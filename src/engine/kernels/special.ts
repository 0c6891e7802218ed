// Special functions to full double precision (gelu needs erf to match PyTorch to 1e-9).

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** The error function. Series with positive terms below 3, continued fraction for erfc above. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a >= 3) {
    const r = 1 - erfcLarge(a);
    return x < 0 ? -r : r;
  }
  // erf(x) = 2/√π · e^{-x²} · Σ (2x²)^n x / (2n+1)!!  (no cancellation)
  const x2 = 2 * a * a;
  let term = a;
  let sum = a;
  for (let n = 1; n < 200; n++) {
    term *= x2 / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const r = TWO_OVER_SQRT_PI * Math.exp(-a * a) * sum;
  return x < 0 ? -r : r;
}

/** erfc(x) for x ≥ 3 by its continued fraction, evaluated from the tail. */
function erfcLarge(x: number): number {
  let f = x;
  for (let n = 60; n >= 1; n--) f = x + n / 2 / f;
  return (Math.exp(-x * x) * ONE_OVER_SQRT_PI) / f;
}
