// nn.MultiheadAttention with PyTorch's packed input projection (in_proj_weight [3E, E]) and init:
// xavier_uniform_ on in_proj_weight, zero biases, out_proj a Linear with its default weight.
import { ShapeError, fmt } from "../shape";
import type { Tensor } from "../tensor";
import { xavierUniform, zeros as zeroFill } from "./init";
import { attention, linear } from "./layerFunctional";
import { Linear, checkSize } from "./linear";
import { Module } from "./module";
import { newParameter } from "./parameter";

/** Options of MultiheadAttention (torch defaults; batchFirst false means [L, N, E] inputs). */
export interface MultiheadAttentionOptions {
  bias?: boolean;
  batchFirst?: boolean;
  /** Dropout on the attention weights, in train mode. */
  dropout?: number;
}

/** Options of MultiheadAttention.forward. */
export interface MhaForwardOptions {
  /** [L, S] or [N·heads, L, S]. Bool: true where a query may NOT attend (see causalMask); float: added to the scores. */
  attnMask?: Tensor | null;
  /** Mask keys after each query (builds the causal mask itself; combined with attnMask when both are given). */
  isCausal?: boolean;
  /** [N, S] (or [S] unbatched). Bool: true for keys to ignore (padding); float: added to the scores. */
  keyPaddingMask?: Tensor | null;
  /** Return the attention weights (default true). */
  needWeights?: boolean;
  /** Average the returned weights over heads (default true): [N, L, S] instead of [N, heads, L, S]. */
  averageAttnWeights?: boolean;
}

/** Folds a mask into the blocked (bool) or additive (float) slot, OR-ing / adding to what is there. */
function addMask(slots: { blocked: Tensor | null; additive: Tensor | null }, mask: Tensor): void {
  if (mask.dtype === "bool") slots.blocked = slots.blocked === null ? mask : slots.blocked.add(mask).gt(0);
  else slots.additive = slots.additive === null ? mask : slots.additive.add(mask);
}

/** Multi-head scaled dot-product attention with learned projections. forward returns [output, weights | null]. */
export class MultiheadAttention extends Module {
  // snake_case on purpose: PyTorch's parameter names, so namedParameters() matches its state-dict paths.
  in_proj_weight: Tensor;
  in_proj_bias: Tensor | null;
  out_proj: Linear;
  readonly headDim: number;
  readonly batchFirst: boolean;
  readonly dropout: number;

  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    { bias = true, batchFirst = false, dropout = 0 }: MultiheadAttentionOptions = {},
  ) {
    super();
    checkSize("MultiheadAttention", "embed_dim", embedDim);
    checkSize("MultiheadAttention", "num_heads", numHeads);
    if (embedDim % numHeads !== 0) throw new RangeError(`MultiheadAttention: embed_dim ${embedDim} must be divisible by num_heads ${numHeads}`);
    if (!(dropout >= 0 && dropout <= 1)) throw new RangeError(`MultiheadAttention: dropout must be between 0 and 1, got ${dropout}`);
    this.headDim = embedDim / numHeads;
    this.batchFirst = batchFirst;
    this.dropout = dropout;
    this.in_proj_weight = newParameter([3 * embedDim, embedDim]);
    this.in_proj_bias = bias ? newParameter([3 * embedDim]) : null;
    // As PyTorch: out_proj draws its default init first, then _reset_parameters runs.
    this.out_proj = new Linear(embedDim, embedDim, { bias });
    xavierUniform(this.in_proj_weight);
    if (this.out_proj.bias) zeroFill(this.out_proj.bias);
  }

  private describe(): string {
    return `MultiheadAttention(embed_dim=${this.embedDim}, num_heads=${this.numHeads})`;
  }

  /** To [N, L, E] from the user's layout ([L, N, E], [N, L, E] with batchFirst, or unbatched [L, E]). */
  private toBatchFirst(what: string, t: Tensor, batched: boolean): Tensor {
    if (t.ndim !== (batched ? 3 : 2) || t.shape[t.ndim - 1] !== this.embedDim) {
      const layout = !batched ? `[L, ${this.embedDim}]` : this.batchFirst ? `[N, L, ${this.embedDim}]` : `[L, N, ${this.embedDim}]`;
      throw new ShapeError(this.describe(), `expected ${what} ${layout}, got shape ${fmt(t.shape)}`);
    }
    return !batched ? t.unsqueeze(0) : this.batchFirst ? t : t.transpose(0, 1);
  }

  /** Attention of query [L, N, E] over key/value [S, N, E] (batch first or unbatched per the options). */
  forward(query: Tensor, key: Tensor, value: Tensor, opts: MhaForwardOptions = {}): [Tensor, Tensor | null] {
    const { attnMask = null, isCausal = false, keyPaddingMask = null, needWeights = true, averageAttnWeights = true } = opts;
    const batched = query.ndim === 3;
    const q = this.toBatchFirst("query", query, batched);
    const k = this.toBatchFirst("key", key, batched);
    const v = this.toBatchFirst("value", value, batched);
    const [N, L] = q.shape;
    const S = k.shape[1];
    if (k.shape[0] !== N || v.shape[0] !== N || v.shape[1] !== S) {
      throw new ShapeError(this.describe(), `query ${fmt(query.shape)}, key ${fmt(key.shape)} and value ${fmt(value.shape)} disagree on batch size or key length`);
    }
    const E = this.embedDim;
    const heads = (t: Tensor, i: number, len: number): Tensor => {
      const w = this.in_proj_weight.slice(0, i * E, (i + 1) * E);
      const b = this.in_proj_bias === null ? null : this.in_proj_bias.slice(0, i * E, (i + 1) * E);
      return linear(t, w, b).reshape([N, len, this.numHeads, this.headDim]).transpose(1, 2);
    };
    const slots: { blocked: Tensor | null; additive: Tensor | null } = { blocked: null, additive: null };
    if (attnMask !== null) addMask(slots, this.checkAttnMask(attnMask, N, L, S));
    if (keyPaddingMask !== null) {
      const want = batched ? [N, S] : [S];
      if (keyPaddingMask.ndim !== want.length || keyPaddingMask.shape.some((s, i) => s !== want[i])) {
        throw new ShapeError(this.describe(), `keyPaddingMask has shape ${fmt(keyPaddingMask.shape)}, expected ${fmt(want)}`);
      }
      addMask(slots, keyPaddingMask.reshape([N, 1, 1, S]));
    }
    const [ctx, weights] = attention(heads(q, 0, L), heads(k, 1, S), heads(v, 2, S), {
      blockedMask: slots.blocked,
      additiveMask: slots.additive,
      isCausal,
      dropoutP: this.training ? this.dropout : 0,
    });
    const merged = this.out_proj.forward(ctx.transpose(1, 2).reshape([N, L, E]));
    const out = !batched ? merged.squeeze(0) : this.batchFirst ? merged : merged.transpose(0, 1);
    if (!needWeights) return [out, null];
    const w = averageAttnWeights ? weights.mean(1) : weights;
    return [out, batched ? w : w.squeeze(0)];
  }

  /** Brings attnMask [L, S] or [N·heads, L, S] to a shape that broadcasts over [N, heads, L, S]. */
  private checkAttnMask(mask: Tensor, N: number, L: number, S: number): Tensor {
    if (mask.ndim === 2 && mask.shape[0] === L && mask.shape[1] === S) return mask;
    if (mask.ndim === 3 && mask.shape[0] === N * this.numHeads && mask.shape[1] === L && mask.shape[2] === S) {
      return mask.reshape([N, this.numHeads, L, S]);
    }
    throw new ShapeError(this.describe(), `attnMask has shape ${fmt(mask.shape)}, expected [${L}, ${S}] or [${N * this.numHeads}, ${L}, ${S}]`);
  }
}
