// Gradient clipping by total norm, as torch.nn.utils.clip_grad_norm_.
import type { Tensor } from "../tensor";

/** Options of clipGradNorm. */
export interface ClipGradNormOptions {
  /** Throw if the total norm is NaN or ±Inf (instead of scaling the gradients by it). */
  errorIfNonfinite?: boolean;
}

/** The p-norm of a gradient's values (p = Infinity: the largest |value|). */
function pNorm(g: Float64Array, p: number): number {
  if (p === Infinity) {
    let m = 0;
    for (let i = 0; i < g.length; i++) m = Math.max(m, Math.abs(g[i]));
    return m;
  }
  let s = 0;
  if (p === 2) for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  else for (let i = 0; i < g.length; i++) s += Math.abs(g[i]) ** p;
  return p === 2 ? Math.sqrt(s) : s ** (1 / p);
}

/**
 * Scales the gradients of `params` in place so that their total p-norm (the norm of the per-tensor
 * norms) is at most maxNorm; returns the total norm before clipping. Parameters without a gradient
 * are skipped.
 */
export function clipGradNorm(params: Tensor | Iterable<Tensor>, maxNorm: number, normType = 2, { errorIfNonfinite = false }: ClipGradNormOptions = {}): number {
  const list = "data" in params ? [params as Tensor] : [...(params as Iterable<Tensor>)];
  if (!(normType > 0)) throw new RangeError(`clipGradNorm: normType must be positive (or Infinity), got ${normType}`);
  const grads = list.flatMap((p) => (p.grad === null ? [] : [p.grad.data]));
  if (grads.length === 0) return 0;
  const norms = Float64Array.from(grads, (g) => pNorm(g, normType));
  const total = pNorm(norms, normType);
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new Error(`clipGradNorm: the total norm of order ${normType} of the gradients is ${total}, so they cannot be clipped (pass errorIfNonfinite: false to scale anyway)`);
  }
  // NOTE: as PyTorch, the gradients are always multiplied by min(1, maxNorm / (total + 1e-6)).
  const coef = Math.min(maxNorm / (total + 1e-6), 1);
  for (const g of grads) for (let i = 0; i < g.length; i++) g[i] = g[i] * coef;
  return total;
}
