// Loss functions (nn.functional), composed from engine functions: no backward code. Semantics,
// defaults and reductions follow torch.nn.functional.
import { ShapeError, fmt, sameShape } from "../shape";
import { Tensor } from "../tensor";
import * as F from "../functional";
import * as S from "../shapeFns";

/** How per-element losses are combined: kept ("none"), averaged ("mean") or added ("sum"). */
export type Reduction = "none" | "mean" | "sum";

/** Options shared by every loss. */
export interface LossOptions {
  reduction?: Reduction;
}

/** Options of huberLoss. */
export interface HuberOptions extends LossOptions {
  /** Where the loss changes from quadratic to linear (> 0); 1 by default. */
  delta?: number;
}

/** Options of nllLoss and crossEntropy. */
export interface NllOptions extends LossOptions {
  /** Per-class rescaling weight, 1-D of size C (a constant: it gets no gradient, as in PyTorch). */
  weight?: Tensor;
  /** Target value that is skipped (no loss, no gradient, not counted by "mean"); -100 by default. */
  ignoreIndex?: number;
}

/** Options of crossEntropy. */
export interface CrossEntropyOptions extends NllOptions {
  /** Amount of smoothing in [0, 1]: the target becomes (1 − ε)·onehot + ε/C. */
  labelSmoothing?: number;
}

/** Options of binaryCrossEntropy. */
export interface BceOptions extends LossOptions {
  /** Elementwise rescaling weight, broadcast to the input. */
  weight?: Tensor;
}

/** Options of bceWithLogits. */
export interface BceWithLogitsOptions extends BceOptions {
  /** Weight of positive examples, broadcast along the last (class) dim. */
  posWeight?: Tensor;
}

function checkReduction(op: string, reduction: string): void {
  if (reduction !== "none" && reduction !== "mean" && reduction !== "sum") {
    throw new ShapeError(op, `reduction must be "none", "mean" or "sum", got ${JSON.stringify(reduction)}`);
  }
}

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === "none") return loss;
  return reduction === "sum" ? F.sum(loss) : F.mean(loss);
}

function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(op, `target of shape ${fmt(target.shape)} does not match input of shape ${fmt(input.shape)}: they must have the same shape`);
  }
}

/** Mean squared error (x − y)², averaged over all elements by default. */
export function mseLoss(input: Tensor, target: Tensor, { reduction = "mean" }: LossOptions = {}): Tensor {
  checkReduction("mseLoss", reduction);
  checkSameShape("mseLoss", input, target);
  return reduce(F.pow(F.sub(input, target), 2), reduction);
}

/** Mean absolute error |x − y| (gradient 0 where x = y, as in PyTorch). */
export function l1Loss(input: Tensor, target: Tensor, { reduction = "mean" }: LossOptions = {}): Tensor {
  checkReduction("l1Loss", reduction);
  checkSameShape("l1Loss", input, target);
  return reduce(F.abs(F.sub(input, target)), reduction);
}

/** Huber loss: ½d² where |d| < delta, else delta·(|d| − ½delta), with d = x − y. */
export function huberLoss(input: Tensor, target: Tensor, { reduction = "mean", delta = 1 }: HuberOptions = {}): Tensor {
  checkReduction("huberLoss", reduction);
  checkSameShape("huberLoss", input, target);
  if (!(delta > 0)) throw new ShapeError("huberLoss", `delta must be positive, got ${delta}`);
  const d = F.sub(input, target);
  const a = F.abs(d);
  const quadratic = F.mul(F.mul(d, d), 0.5);
  const linear = F.mul(F.sub(a, 0.5 * delta), delta);
  return reduce(F.where(F.lt(a, delta), quadratic, linear), reduction);
}

/** A constant tensor outside the graph (masks, safe indices, weights). */
function constant(data: Float64Array, shape: readonly number[], dtype: Tensor["dtype"] = "float64"): Tensor {
  return new Tensor(data, shape, dtype);
}

/** What nllLoss needs to know about class-index targets: a safe gather index and the per-position weights. */
interface IndexTargets {
  /** Target indices with ignored positions set to 0 (so gather stays in range), shape [N, 1, d...]. */
  safe: Tensor;
  /** 1 where the target is not ignored, shape of the target. */
  valid: Tensor;
  /** weight[t] (or 1) where valid, 0 where ignored, shape of the target. */
  w: Tensor;
  /** Sum of w: the divisor of "mean". */
  totalWeight: number;
}

function indexTargets(op: string, input: Tensor, target: Tensor, weight: Tensor | undefined, ignoreIndex: number): IndexTargets {
  const C = input.shape[1];
  const expected = [input.shape[0], ...input.shape.slice(2)];
  if (!sameShape(target.shape, expected)) {
    throw new ShapeError(
      op,
      `target of shape ${fmt(target.shape)} does not match input of shape ${fmt(input.shape)}: class indices need shape ${fmt(expected)} (input without the class dim 1)`,
    );
  }
  if (weight !== undefined && !sameShape(weight.shape, [C])) {
    throw new ShapeError(op, `weight of shape ${fmt(weight.shape)} must be 1-D with one entry per class, i.e. ${fmt([C])}`);
  }
  const n = target.numel;
  const safe = new Float64Array(n);
  const valid = new Float64Array(n);
  const w = new Float64Array(n);
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    const t = target.data[i];
    if (t === ignoreIndex) continue;
    safe[i] = t;
    valid[i] = 1;
  }
  // Ignored positions hold 0 in `safe`, so this names only real targets that are out of range.
  S.checkIndices(op, constant(safe, target.shape, target.dtype === "bool" ? "bool" : "int64"), C, "target");
  for (let i = 0; i < n; i++) {
    if (valid[i] === 0) continue;
    w[i] = weight === undefined ? 1 : weight.data[safe[i]];
    totalWeight += w[i];
  }
  const gatherShape = [input.shape[0], 1, ...input.shape.slice(2)];
  return { safe: constant(safe, gatherShape, "int64"), valid: constant(valid, target.shape, "bool"), w: constant(w, target.shape), totalWeight };
}

/** Negative log-likelihood loss on log-probabilities [N, C, d...] and class indices [N, d...] (or [C] and a 0-d target). */
export function nllLoss(input: Tensor, target: Tensor, opts: NllOptions = {}): Tensor {
  return nllCore("nllLoss", input, target, opts);
}

function nllCore(op: string, input: Tensor, target: Tensor, { reduction = "mean", weight, ignoreIndex = -100 }: NllOptions): Tensor {
  checkReduction(op, reduction);
  if (input.ndim === 0) throw new ShapeError(op, `input must have a class dim, got a 0-d tensor`);
  if (input.ndim === 1) {
    // Unbatched: [C] with a 0-d target is a batch of one.
    if (target.ndim !== 0) throw new ShapeError(op, `target of shape ${fmt(target.shape)} does not match unbatched input of shape ${fmt(input.shape)}: expected a 0-d target`);
    const out = nllCore(op, S.unsqueeze(input, 0), S.reshape(target, [1]), { reduction, weight, ignoreIndex });
    return reduction === "none" ? S.reshape(out, []) : out;
  }
  const t = indexTargets(op, input, target, weight, ignoreIndex);
  const picked = S.squeeze(S.gather(input, 1, t.safe), 1);
  // `where` (not a multiply by 0) keeps ignored positions at 0 even if their input is ±inf.
  const loss = F.where(t.valid, F.neg(F.mul(picked, t.w)), 0);
  if (reduction === "none") return loss;
  const total = F.sum(loss);
  return reduction === "sum" ? total : F.div(total, t.totalWeight);
}

/**
 * Cross-entropy between logits [N, C, d...] and class indices [N, d...] (or class probabilities of
 * the input's shape); a [C] input takes a 0-d target. "mean" divides by N·d… or, with a weight,
 * by the summed weights of the non-ignored targets.
 */
export function crossEntropy(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const { reduction = "mean", weight, ignoreIndex = -100, labelSmoothing = 0 } = opts;
  checkReduction("crossEntropy", reduction);
  if (input.ndim === 0) throw new ShapeError("crossEntropy", `input must have a class dim, got a 0-d tensor`);
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new ShapeError("crossEntropy", `labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  }
  const classDim = input.ndim === 1 ? 0 : 1;
  const C = input.shape[classDim];
  const logp = F.logSoftmax(input, classDim);
  const weightView = weight === undefined ? undefined : classWeightView(weight, input, classDim, C);
  if (sameShape(target.shape, input.shape) && target.dtype === "float64") {
    return probabilityCrossEntropy(logp, target, weightView, reduction, labelSmoothing, classDim, C);
  }
  const nll = nllCore("crossEntropy", logp, target, { reduction, weight, ignoreIndex });
  if (labelSmoothing === 0) return nll;
  // As PyTorch: (1 − ε)·nll + ε/C · Σ_c −w_c·log p_c, with ignored positions zeroed.
  const weighted = weightView === undefined ? logp : F.mul(logp, weightView);
  const valid = F.ne(target, ignoreIndex);
  const smooth = F.where(valid, F.neg(F.sum(weighted, classDim)), 0);
  let smoothReduced = smooth;
  if (reduction === "sum") smoothReduced = F.sum(smooth);
  if (reduction === "mean") smoothReduced = F.div(F.sum(smooth), meanDivisor(target, weight, ignoreIndex));
  return F.add(F.mul(nll, 1 - labelSmoothing), F.mul(smoothReduced, labelSmoothing / C));
}

/** The weight reshaped to broadcast along the class dim. */
function classWeightView(weight: Tensor, input: Tensor, classDim: number, C: number): Tensor {
  if (!sameShape(weight.shape, [C])) {
    throw new ShapeError("crossEntropy", `weight of shape ${fmt(weight.shape)} must be 1-D with one entry per class, i.e. ${fmt([C])}`);
  }
  const shape = input.shape.map((_, i) => (i === classDim ? C : 1));
  return constant(weight.data, shape);
}

function meanDivisor(target: Tensor, weight: Tensor | undefined, ignoreIndex: number): number {
  let total = 0;
  for (let i = 0; i < target.numel; i++) {
    const t = target.data[i];
    if (t !== ignoreIndex) total += weight === undefined ? 1 : weight.data[t];
  }
  return total;
}

function probabilityCrossEntropy(logp: Tensor, target: Tensor, weightView: Tensor | undefined, reduction: Reduction, eps: number, classDim: number, C: number): Tensor {
  const t = eps > 0 ? F.add(F.mul(target, 1 - eps), eps / C) : target;
  let prod = F.mul(logp, t);
  if (weightView !== undefined) prod = F.mul(prod, weightView);
  if (reduction === "none") return F.neg(F.sum(prod, classDim));
  const total = F.neg(F.sum(prod));
  return reduction === "sum" ? total : F.div(total, logp.numel / C);
}

/** log(x) clamped to ≥ −100 as PyTorch's binary_cross_entropy; gradient 0 (not NaN) where x = 0. */
function clampedLog(x: Tensor): Tensor {
  const positive = F.gt(x, 0);
  return F.where(positive, F.clamp(F.log(F.where(positive, x, 1)), -100), -100);
}

/** Binary cross-entropy on probabilities in [0, 1]: −w·(y·log x + (1 − y)·log(1 − x)), logs clamped to ≥ −100. */
export function binaryCrossEntropy(input: Tensor, target: Tensor, { reduction = "mean", weight }: BceOptions = {}): Tensor {
  checkReduction("binaryCrossEntropy", reduction);
  checkSameShape("binaryCrossEntropy", input, target);
  const bad = input.data.findIndex((v) => !(v >= 0 && v <= 1));
  if (bad >= 0) throw new ShapeError("binaryCrossEntropy", `input must hold probabilities in [0, 1], got ${input.data[bad]} at flat position ${bad} (use bceWithLogits for logits)`);
  const pos = F.mul(target, clampedLog(input));
  const neg = F.mul(F.sub(1, target), clampedLog(F.sub(1, input)));
  let loss = F.neg(F.add(pos, neg));
  if (weight !== undefined) loss = F.mul(loss, weight);
  return reduce(loss, reduction);
}

/**
 * Binary cross-entropy on logits, in the stable form max(x, 0) − x·y + log(1 + e^−|x|); with
 * posWeight p: (1 − y)·x + (1 + (p − 1)·y)·log(1 + e^−x).
 */
export function bceWithLogits(input: Tensor, target: Tensor, { reduction = "mean", weight, posWeight }: BceWithLogitsOptions = {}): Tensor {
  checkReduction("bceWithLogits", reduction);
  checkSameShape("bceWithLogits", input, target);
  // NOTE: the kinks of max(x, 0) and |x| at x = 0 cancel in the sum, but autograd would take
  // relu'(0) = abs'(0) = 0 and give −y instead of σ(0) − y. Splitting at x ≥ 0 with `where` gives
  // every branch a smooth formula, so the gradient is σ(x) − y everywhere (zero-initialised logits
  // are common).
  const nonNeg = F.ge(input, 0);
  const softTail = F.where(nonNeg, F.softplus(F.neg(input)), F.softplus(input)); // log(1 + e^−|x|)
  let loss: Tensor;
  if (posWeight === undefined) {
    const hinge = F.where(nonNeg, input, 0); // max(x, 0)
    loss = F.add(F.sub(hinge, F.mul(input, target)), softTail);
  } else {
    const negPart = F.where(nonNeg, 0, F.neg(input)); // max(−x, 0)
    const logWeight = F.add(F.mul(F.sub(posWeight, 1), target), 1);
    loss = F.add(F.mul(F.sub(1, target), input), F.mul(logWeight, F.add(softTail, negPart)));
  }
  if (weight !== undefined) loss = F.mul(loss, weight);
  return reduce(loss, reduction);
}
