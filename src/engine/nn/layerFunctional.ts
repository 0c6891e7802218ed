// Checked functional forms of the layers (nn.functional.linear, layerNorm, batchNorm, dropout,
// embedding and the recurrent cells). All composed from engine primitives: no backward code here.
import { ShapeError, fmt, sameShape } from "../shape";
import { Tensor } from "../tensor";
import * as F from "../functional";
import { apply } from "../ops";
import { checkIndices } from "../shapeFns";
import { uniform } from "../random";

/** y = x·Wᵀ + b over the last dim of x; W is [out, in] (the nn.Linear layout), x may have any leading dims. */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (weight.ndim !== 2) throw new ShapeError("linear", `weight must be 2-D [out_features, in_features], got shape ${fmt(weight.shape)}`);
  const [out, inF] = weight.shape;
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== inF) {
    throw new ShapeError(
      "linear",
      `input of shape ${fmt(x.shape)} does not fit weight of shape ${fmt(weight.shape)}: the input's last dim must be in_features = ${inF}`,
    );
  }
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== out)) {
    throw new ShapeError("linear", `bias of shape ${fmt(bias.shape)} does not fit weight of shape ${fmt(weight.shape)}: expected [${out}]`);
  }
  // NOTE: x·Wᵀ as a transposed-B matmul, so no transposed copy of W is made (nor its gradient permuted back).
  const x2 = x.ndim === 1 ? x.unsqueeze(0) : x;
  const xw = apply("matmul", [x2, weight], { transB: true });
  const y = x.ndim === 1 ? xw.squeeze(0) : xw;
  return bias === null ? y : y.add(bias);
}

function checkAffine(op: string, what: string, t: Tensor | null | undefined, shape: readonly number[]): void {
  if (t !== null && t !== undefined && !sameShape(t.shape, shape)) {
    throw new ShapeError(op, `${what} has shape ${fmt(t.shape)}, expected ${fmt(shape)}`);
  }
}

/** Layer normalisation over the last dims (normalizedShape), with the biased variance, as F.layer_norm. */
export function layerNorm(x: Tensor, normalizedShape: number | readonly number[], weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5): Tensor {
  const ns = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
  const lead = x.ndim - ns.length;
  if (ns.length === 0 || lead < 0 || !sameShape(x.shape.slice(lead), ns)) {
    throw new ShapeError("layerNorm", `input of shape ${fmt(x.shape)} does not end with normalized_shape ${fmt(ns)}`);
  }
  checkAffine("layerNorm", "weight", weight, ns);
  checkAffine("layerNorm", "bias", bias, ns);
  // One fused primitive (ops/nn.ts): the composed form allocates a full-size tensor per step, forward and backward.
  const inputs = [x, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  return apply("layerNorm", inputs, { normalizedDims: ns.length, eps, weight: weight !== null, bias: bias !== null });
}

/** Options of batchNorm (torch defaults: eval mode, momentum 0.1, eps 1e-5). */
export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Use the batch's statistics (and update the running ones) instead of the running ones. */
  training?: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * Batch normalisation of x [N, C, ...] per channel C, as F.batch_norm. Training normalises with the batch's
 * mean and biased variance and updates runningMean/runningVar in place with the unbiased variance;
 * otherwise the running statistics are used.
 */
export function batchNorm(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, opts: BatchNormOptions = {}): Tensor {
  const { weight = null, bias = null, training = false, momentum = 0.1, eps = 1e-5 } = opts;
  if (x.ndim < 2) throw new ShapeError("batchNorm", `expected an input of at least 2 dims [N, C, ...], got shape ${fmt(x.shape)}`);
  const C = x.shape[1];
  for (const [what, t] of [["running_mean", runningMean], ["running_var", runningVar], ["weight", weight], ["bias", bias]] as const) {
    checkAffine("batchNorm", what, t, [C]);
  }
  const perChannel = x.shape.map((s, i) => (i === 1 ? s : 1));
  const dims = x.shape.map((_, i) => i).filter((i) => i !== 1);
  let y: Tensor;
  if (training) {
    const n = x.numel / C;
    if (n <= 1) throw new ShapeError("batchNorm", `expected more than 1 value per channel when training, got input of shape ${fmt(x.shape)}`);
    const mu = x.mean(dims, true);
    const centered = x.sub(mu);
    const biasedVar = centered.mul(centered).mean(dims, true);
    y = centered.div(biasedVar.add(eps).sqrt());
    // NOTE: the running variance takes the unbiased batch variance although the output uses the biased one (as PyTorch).
    if (runningMean) for (let c = 0; c < C; c++) runningMean.data[c] = (1 - momentum) * runningMean.data[c] + momentum * mu.data[c];
    if (runningVar) for (let c = 0; c < C; c++) runningVar.data[c] = (1 - momentum) * runningVar.data[c] + momentum * biasedVar.data[c] * (n / (n - 1));
  } else {
    if (!runningMean || !runningVar) throw new ShapeError("batchNorm", "running_mean and running_var are required when training is false");
    y = x.sub(runningMean.reshape(perChannel)).div(runningVar.reshape(perChannel).add(eps).sqrt());
  }
  if (weight) y = y.mul(weight.reshape(perChannel));
  if (bias) y = y.add(bias.reshape(perChannel));
  return y;
}

/** Zeroes each element with probability p (seeded generator) and scales the rest by 1/(1−p); identity when not training. */
export function dropout(x: Tensor, p = 0.5, training = true): Tensor {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout: probability has to be between 0 and 1, got ${p}`);
  if (!training || p === 0) return x;
  if (p === 1) return x.mul(0);
  const keep = 1 - p;
  const mask = new Float64Array(x.numel);
  for (let i = 0; i < mask.length; i++) mask[i] = uniform() < keep ? 1 / keep : 0;
  return x.mul(new Tensor(mask, x.shape));
}

/** Rows of weight [num, dim] picked by integer indices: output [...input.shape, dim]. The paddingIdx row gets no gradient. */
export function embedding(input: Tensor, weight: Tensor, paddingIdx: number | null = null): Tensor {
  if (weight.ndim !== 2) throw new ShapeError("embedding", `weight must be 2-D [num_embeddings, embedding_dim], got shape ${fmt(weight.shape)}`);
  const [num, dim] = weight.shape;
  checkIndices("embedding", input, num, "index");
  let w = weight;
  if (paddingIdx !== null) {
    if (!Number.isInteger(paddingIdx) || paddingIdx < -num || paddingIdx >= num) {
      throw new ShapeError("embedding", `padding_idx ${paddingIdx} must be within [${-num}, ${num})`);
    }
    const pad = paddingIdx < 0 ? paddingIdx + num : paddingIdx;
    const rowMask = new Float64Array(num);
    rowMask[pad] = 1;
    // NOTE: same values, but the padding row is read from a detached copy so that no gradient reaches it.
    w = F.where(new Tensor(rowMask, [num, 1], "bool"), weight.detach(), weight);
  }
  return w.indexSelect(0, input.reshape([input.numel])).reshape([...input.shape, dim]);
}

function checkCell(op: string, gates: number, x: Tensor, h: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | null, bHh: Tensor | null): void {
  const H = h.shape[h.ndim - 1];
  if (wHh.ndim !== 2 || wHh.shape[0] !== gates * H || wHh.shape[1] !== H) {
    throw new ShapeError(op, `weight_hh of shape ${fmt(wHh.shape)} does not fit hidden state of shape ${fmt(h.shape)}: expected [${gates * H}, ${H}]`);
  }
  if (wIh.ndim !== 2 || wIh.shape[0] !== gates * H) throw new ShapeError(op, `weight_ih of shape ${fmt(wIh.shape)} must be [${gates * H}, input_size]`);
  if ((x.ndim !== 1 && x.ndim !== 2) || x.ndim !== h.ndim || (x.ndim === 2 && x.shape[0] !== h.shape[0])) {
    throw new ShapeError(op, `input of shape ${fmt(x.shape)} and hidden state of shape ${fmt(h.shape)} must be [N, input_size] and [N, hidden_size] (or 1-D, unbatched)`);
  }
  if (x.shape[x.ndim - 1] !== wIh.shape[1]) {
    throw new ShapeError(op, `input of shape ${fmt(x.shape)} has ${x.shape[x.ndim - 1]} features, weight_ih of shape ${fmt(wIh.shape)} expects ${wIh.shape[1]}`);
  }
  checkAffine(op, "bias_ih", bIh, [gates * H]);
  checkAffine(op, "bias_hh", bHh, [gates * H]);
}

/** The n equal chunks of t along its last dim (as torch.chunk). */
function chunks(t: Tensor, n: number): Tensor[] {
  const size = t.shape[t.ndim - 1] / n;
  return Array.from({ length: n }, (_, i) => t.slice(-1, i * size, (i + 1) * size));
}

/** Elman cell: h' = act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), act tanh or relu (torch.rnn_tanh_cell / rnn_relu_cell). */
export function rnnCell(
  x: Tensor, h: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | null = null, bHh: Tensor | null = null, nonlinearity: "tanh" | "relu" = "tanh",
): Tensor {
  checkCell("rnnCell", 1, x, h, wIh, wHh, bIh, bHh);
  const pre = linear(x, wIh, bIh).add(linear(h, wHh, bHh));
  return nonlinearity === "tanh" ? pre.tanh() : pre.relu();
}

/** LSTM cell, PyTorch's gate order i, f, g, o: c' = f·c + i·g, h' = o·tanh(c'). Returns [h', c']. */
export function lstmCell(
  x: Tensor, [h, c]: readonly [Tensor, Tensor], wIh: Tensor, wHh: Tensor, bIh: Tensor | null = null, bHh: Tensor | null = null,
): [Tensor, Tensor] {
  checkCell("lstmCell", 4, x, h, wIh, wHh, bIh, bHh);
  if (!sameShape(c.shape, h.shape)) throw new ShapeError("lstmCell", `cell state of shape ${fmt(c.shape)} must match hidden state of shape ${fmt(h.shape)}`);
  const [i, f, g, o] = chunks(linear(x, wIh, bIh).add(linear(h, wHh, bHh)), 4);
  const cNext = f.sigmoid().mul(c).add(i.sigmoid().mul(g.tanh()));
  return [o.sigmoid().mul(cNext.tanh()), cNext];
}

/** GRU cell, chunks r, z, n: n = tanh(x_n + r·(W_hn·h + b_hn)) — r multiplies the hidden part with its bias — and h' = (1−z)·n + z·h. */
export function gruCell(x: Tensor, h: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | null = null, bHh: Tensor | null = null): Tensor {
  checkCell("gruCell", 3, x, h, wIh, wHh, bIh, bHh);
  const [xr, xz, xn] = chunks(linear(x, wIh, bIh), 3);
  const [hr, hz, hn] = chunks(linear(h, wHh, bHh), 3);
  const r = xr.add(hr).sigmoid();
  const z = xz.add(hz).sigmoid();
  const n = xn.add(r.mul(hn)).tanh();
  return n.add(z.mul(h.sub(n)));
}

/** Bool mask [tq, tk], true where the key index is after the query index: the positions a causal query must not see (torch.triu(ones, 1)). */
export function causalMask(tq: number, tk = tq): Tensor {
  const data = new Float64Array(tq * tk);
  for (let i = 0; i < tq; i++) for (let j = i + 1; j < tk; j++) data[i * tk + j] = 1;
  return new Tensor(data, [tq, tk], "bool");
}

/** Options of attention(): masks are applied before the softmax over keys. */
export interface AttentionOptions {
  /** Bool, true where a query must NOT attend to a key (MultiheadAttention's convention); broadcasts to the scores. */
  blockedMask?: Tensor | null;
  /** Float, added to the scores (e.g. 0 / −∞); broadcasts to the scores. */
  additiveMask?: Tensor | null;
  isCausal?: boolean;
  /** Multiplies q·kᵀ; 1/√d by default. */
  scale?: number;
  /** Dropout on the attention weights. */
  dropoutP?: number;
}

/** The attention core over the last two dims: returns [softmax(q·kᵀ·scale + masks)·v, the weights]. */
export function attention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): [Tensor, Tensor] {
  if (q.ndim < 2 || k.ndim < 2 || v.ndim < 2) {
    throw new ShapeError("attention", `query, key and value need at least 2 dims [..., L, E], got ${fmt(q.shape)}, ${fmt(k.shape)}, ${fmt(v.shape)}`);
  }
  const d = q.shape[q.ndim - 1];
  const tq = q.shape[q.ndim - 2];
  const tk = k.shape[k.ndim - 2];
  if (k.shape[k.ndim - 1] !== d) throw new ShapeError("attention", `query of shape ${fmt(q.shape)} and key of shape ${fmt(k.shape)} must have the same last dim`);
  if (v.shape[v.ndim - 2] !== tk) throw new ShapeError("attention", `key of shape ${fmt(k.shape)} and value of shape ${fmt(v.shape)} must have the same number of positions (dim -2)`);
  // q·kᵀ as a transposed-B matmul: no transposed copy of k.
  let scores = apply("matmul", [q, k], { transB: true }).mul(opts.scale ?? 1 / Math.sqrt(d));
  if (opts.isCausal) scores = scores.maskedFill(causalMask(tq, tk), -Infinity);
  if (opts.blockedMask) scores = scores.maskedFill(opts.blockedMask, -Infinity);
  if (opts.additiveMask) scores = scores.add(opts.additiveMask);
  let weights = scores.softmax(-1);
  if (opts.dropoutP) weights = dropout(weights, opts.dropoutP, true);
  return [F.matmul(weights, v), weights];
}

/** Options of scaledDotProductAttention, as torch's F.scaled_dot_product_attention. */
export interface SdpaOptions {
  /** Bool: true where attention is ALLOWED (torch's SDPA convention, the opposite of MultiheadAttention's); float: added to the scores. */
  attnMask?: Tensor | null;
  dropoutP?: number;
  isCausal?: boolean;
  scale?: number;
}

/** softmax(q·kᵀ/√d + mask)·v over the last two dims (F.scaled_dot_product_attention). */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: SdpaOptions = {}): Tensor {
  const { attnMask = null, dropoutP = 0, isCausal = false, scale } = opts;
  const bool = attnMask !== null && attnMask.dtype === "bool";
  return attention(q, k, v, {
    blockedMask: bool ? attnMask.eq(0) : null,
    additiveMask: bool ? null : attnMask,
    isCausal,
    scale,
    dropoutP,
  })[0];
}
