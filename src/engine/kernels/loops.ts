// The inner loops behind elementwise.ts. A function passed to a shared loop is called per element
// through a megamorphic call site (V8 cannot inline it), which costs more than the arithmetic; so
// the scalar functions in `known` are recognised by identity and run in loops of their own. Pass
// `known.add` (not an equivalent lambda) to get the fast path; any other function still works.
import { type Shape, numelOf } from "../shape";

/** Scalar functions with dedicated loops (recognised by identity). */
export const known = {
  add: (a: number, b: number): number => a + b,
  sub: (a: number, b: number): number => a - b,
  mul: (a: number, b: number): number => a * b,
  div: (a: number, b: number): number => a / b,
  /** v where v > 0, else +0; NaN stays NaN (as PyTorch's relu, so anomalies are not hidden). */
  relu: (v: number): number => (v > 0 ? v : v === v ? 0 : v),
  /** 1 where v > 0, else 0 (the ReLU mask). */
  positive: (v: number): number => +(v > 0),
  neg: (v: number): number => -v,
};

/**
 * A broadcast binary map as two nested loops: output index o·I + j reads a[o·aO + j·aI] and
 * b[o·bO + j·bI]. Covers equal shapes, scalars, a repeated row (bias) and a repeated column
 * (keepdim statistics) on either side.
 */
export interface Plan2 {
  O: number;
  I: number;
  aO: number;
  aI: number;
  bO: number;
  bI: number;
}

/** How an operand sits in the output: its per-(outer, inner) strides for inner size I, or null. */
type Place = { kind: "full" } | { kind: "scalar" } | { kind: "row"; period: number } | { kind: "col"; period: number } | null;

/** Classifies an operand of shape s broadcast to out (n > 0 elements). */
export function placeIn(s: Shape, out: Shape): Place {
  const n = numelOf(out);
  const m = numelOf(s);
  if (m === n) return { kind: "full" };
  if (m === 1) return { kind: "scalar" };
  const lead = out.length - s.length;
  // Row: after its leading size-1 dims, s equals out's trailing dims, so it repeats every m.
  let k = 0;
  while (k < s.length && s[k] === 1) k++;
  let row = true;
  for (let i = k; i < s.length; i++) if (s[i] !== out[lead + i]) row = false;
  if (row) return { kind: "row", period: m };
  // Column: s equals out's leading dims, then size-1 dims: each value repeats n / m times.
  if (lead > 0) return null;
  let j = s.length;
  while (j > 0 && s[j - 1] === 1) j--;
  for (let i = 0; i < j; i++) if (s[i] !== out[i]) return null;
  return { kind: "col", period: n / m };
}

/** The two-loop plan of a binary map, or null when a general strided walk is needed. */
export function plan2(aShape: Shape, bShape: Shape, out: Shape): Plan2 | null {
  const n = numelOf(out);
  const pa = placeIn(aShape, out);
  const pb = placeIn(bShape, out);
  if (pa === null || pb === null) return null;
  const period = (p: NonNullable<Place>): number => (p.kind === "row" || p.kind === "col" ? p.period : 0);
  const I = period(pa) || period(pb) || n;
  if ((period(pa) && period(pa) !== I) || (period(pb) && period(pb) !== I)) return null;
  const strides = (p: NonNullable<Place>): [number, number] =>
    p.kind === "full" ? [I, 1] : p.kind === "scalar" ? [0, 0] : p.kind === "row" ? [0, 1] : [1, 0];
  const [aO, aI] = strides(pa);
  const [bO, bI] = strides(pb);
  return { O: n / I, I, aO, aI, bO, bI };
}

/** Runs a binary map by plan into out, with a dedicated loop for the known functions. */
export function runPlan2(p: Plan2, f: (x: number, y: number) => number, a: Float64Array, b: Float64Array, out: Float64Array): void {
  const { O, I, aO, aI, bO, bI } = p;
  let k = 0;
  if (f === known.add) {
    for (let o = 0; o < O; o++) for (let j = 0, ia = o * aO, ib = o * bO; j < I; j++, ia += aI, ib += bI) out[k++] = a[ia] + b[ib];
  } else if (f === known.sub) {
    for (let o = 0; o < O; o++) for (let j = 0, ia = o * aO, ib = o * bO; j < I; j++, ia += aI, ib += bI) out[k++] = a[ia] - b[ib];
  } else if (f === known.mul) {
    for (let o = 0; o < O; o++) for (let j = 0, ia = o * aO, ib = o * bO; j < I; j++, ia += aI, ib += bI) out[k++] = a[ia] * b[ib];
  } else if (f === known.div) {
    for (let o = 0; o < O; o++) for (let j = 0, ia = o * aO, ib = o * bO; j < I; j++, ia += aI, ib += bI) out[k++] = a[ia] / b[ib];
  } else {
    for (let o = 0; o < O; o++) for (let j = 0, ia = o * aO, ib = o * bO; j < I; j++, ia += aI, ib += bI) out[k++] = f(a[ia], b[ib]);
  }
}

/** out[i] = f(x[i]), with dedicated loops for the known unary functions. */
export function runUnary(f: (v: number) => number, x: Float64Array, out: Float64Array): void {
  const n = x.length;
  if (f === known.relu) {
    // NOTE: branch-free (signs of activations are random, so `v > 0 ? v : 0` mispredicts half the
    // time, 4× slower). v·[v > 0] + 0 equals it (the + 0 turns -0 into +0) except for -inf
    // (→ 0) and NaN (stays NaN), which take the rare exact path.
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const r = v * +(v > 0) + 0;
      out[i] = r === r ? r : v === v ? (v > 0 ? v : 0) : v;
    }
  } else if (f === known.positive) {
    for (let i = 0; i < n; i++) out[i] = +(x[i] > 0);
  } else if (f === known.neg) {
    for (let i = 0; i < n; i++) out[i] = -x[i];
  } else {
    for (let i = 0; i < n; i++) out[i] = f(x[i]);
  }
}

/**
 * Folds x viewed as [outer, R, inner] over R into out [outer, inner] (already holding the initial
 * value), in increasing r for each output. Dedicated loops for known.add and Math.max / Math.min.
 */
export function foldBlock(x: Float64Array, outer: number, R: number, inner: number, combine: (acc: number, v: number) => number, out: Float64Array): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let acc = out[o];
      const end = (o + 1) * R;
      if (combine === known.add) for (let i = o * R; i < end; i++) acc += x[i];
      else if (combine === Math.max) for (let i = o * R; i < end; i++) acc = Math.max(acc, x[i]);
      else if (combine === Math.min) for (let i = o * R; i < end; i++) acc = Math.min(acc, x[i]);
      else for (let i = o * R; i < end; i++) acc = combine(acc, x[i]);
      out[o] = acc;
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    for (let r = 0; r < R; r++) {
      const xb = (o * R + r) * inner;
      if (combine === known.add) for (let i = 0; i < inner; i++) out[ob + i] += x[xb + i];
      else for (let i = 0; i < inner; i++) out[ob + i] = combine(out[ob + i], x[xb + i]);
    }
  }
}
