// Finite-difference checks of every parameter's gradient, in float64 with central differences:
// a directional check (∇L·v against (L(θ+εv) − L(θ−εv))/2ε), then element checks (all elements of
// small tensors, a sample of large ones, or every element in full mode). A failing comparison whose
// step crossed a relu/abs/max/clamp switch point is a kink, not a failure.
import type { CheckElement, CheckMode, CheckResult, OpRef, TraceOptions } from "../protocol";
import { checkRng, compare, dot, sampleIndices, unitDirection, unravel } from "./checkMath";
import type { ParamEntry } from "./params";
import { KinkTracker, evalLoss, evalProbed } from "./probe";
import type { Spec } from "./spec";
import { jsonNumber } from "./stats";

/** What the checks need besides the parameter. */
export interface CheckContext {
  spec: Spec;
  seed: number;
  opts: TraceOptions;
  /** The traced node of the k-th op output, as an OpRef (to name a kink's op). */
  opAt(seq: number): OpRef | null;
  /** Counts loss evaluations (progress and the summary). */
  counted(n: number): void;
}

/** The elements a mode checks for a parameter of `numel` elements. */
export function elementsFor(mode: CheckMode, g: Float64Array, opts: TraceOptions, rand: () => number): number[] {
  if (mode === "off" || mode === "fast") return [];
  if (mode === "full" || g.length <= opts.checkAllUpTo) return Array.from({ length: g.length }, (_, i) => i);
  return sampleIndices(g, opts.sampleSize, opts.sampleLargest, rand);
}

/** Checks one parameter (index = its position, which seeds its random direction and sample). */
export function checkParam(e: ParamEntry, index: number, mode: Exclude<CheckMode, "off">, ctx: CheckContext): CheckResult {
  const { opts } = ctx;
  const t = e.t;
  const g = t.grad?.data ?? new Float64Array(t.numel);
  const rand = checkRng(opts.checkSeed, index);
  const theta = t.data.slice();

  // Directional: move every element along a random unit direction.
  const v = unitDirection(t.numel, rand);
  const along = (s: number) => () => {
    for (let i = 0; i < theta.length; i++) t.data[i] = theta[i] + s * v[i];
  };
  const restoreAll = (): void => t.data.set(theta);
  const directional = judged(-1, [], dot(g, v), along(opts.eps), along(-opts.eps), restoreAll, ctx).el;

  // Elements.
  const rows: { el: CheckElement; excess: number }[] = [];
  for (const i of elementsFor(mode, g, opts, rand)) {
    const at = (s: number) => () => {
      t.data[i] = theta[i] + s;
    };
    rows.push(judged(i, unravel(i, t.shape), g[i], at(opts.eps), at(-opts.eps), () => (t.data[i] = theta[i]), ctx));
  }
  // Failures first, then kinks, then passes; within each, the largest excess over the tolerance first.
  const rank = { fail: 0, kink: 1, pass: 2 } as const;
  rows.sort((a, b) => rank[a.el.status] - rank[b.el.status] || b.excess - a.excess);
  const all = [directional, ...rows.map((r) => r.el)];
  const failures = all.filter((el) => el.status === "fail").length;
  const kinks = all.filter((el) => el.status === "kink").length;
  let maxAbs = 0;
  let maxRel = 0;
  for (const r of rows) {
    maxAbs = maxOf(maxAbs, Number(r.el.absError));
    maxRel = maxOf(maxRel, Number(r.el.relError));
  }
  if (rows.length === 0) {
    maxAbs = Number(directional.absError);
    maxRel = Number(directional.relError);
  }
  return {
    param: e.name,
    mode,
    status: failures > 0 ? "fail" : kinks > 0 ? "kink" : "pass",
    directional,
    elementsChecked: rows.length,
    elementsTotal: t.numel,
    failures,
    kinks,
    maxAbsError: jsonNumber(maxAbs),
    maxRelError: jsonNumber(maxRel),
    worst: rows.slice(0, opts.worstElements).map((r) => r.el),
  };
}

/** NaN-propagating max. */
function maxOf(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
}

/**
 * One central difference: L after `plus()`, L after `minus()`, restoring θ after each. If the
 * comparison fails, both sides are run again watching the kink ops; a crossing makes it a kink.
 */
function judged(index: number, position: number[], analytic: number, plus: () => void, minus: () => void, restore: () => void, ctx: CheckContext): { el: CheckElement; excess: number } {
  const { spec, seed, opts } = ctx;
  const at = (move: () => void, run: () => number): number => {
    move();
    try {
      return run();
    } finally {
      restore();
    }
  };
  const up = at(plus, () => evalLoss(spec, seed));
  const down = at(minus, () => evalLoss(spec, seed));
  ctx.counted(2);
  const r = compare(index, position, analytic, (up - down) / (2 * opts.eps), opts.atol, opts.rtol);
  if (r.el.status === "pass") return r;
  const kinks = new KinkTracker();
  at(plus, () => evalProbed(spec, seed, null, kinks));
  kinks.compareNext();
  at(minus, () => evalProbed(spec, seed, null, kinks));
  ctx.counted(2);
  if (kinks.crossed !== null) {
    r.el.status = "kink";
    const op = ctx.opAt(kinks.crossed);
    if (op !== null) r.el.kinkOp = op;
  }
  return r;
}
