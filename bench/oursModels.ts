// The three benchmark models on our engine (float64), written with engine primitives so the
// computation is exactly the tfjs one in tfjsModels.ts: dense weights are stored [in, out].
import { Tensor } from "../src/engine/tensor";
import { tensor } from "../src/engine/creation";
import { conv2d, maxPool2d } from "../src/engine/nn/convFunctional";
import { type BenchModel, oneHot, scaleFor, sizes, values } from "./data";

let seed = 1;
const param = (shape: number[], scale: number): Tensor => tensor(values(shape.reduce((a, b) => a * b, 1), scale, seed++), shape, { requiresGrad: true });
const ones = (n: number): Tensor => tensor(new Float64Array(n).fill(1), [n], { requiresGrad: true });
const zeros = (n: number): Tensor => tensor(new Float64Array(n), [n], { requiresGrad: true });
const input = (shape: number[]): Tensor => tensor(values(shape.reduce((a, b) => a * b, 1), 1, seed++), shape);

/** Mean cross-entropy of logits [N, C] against one-hot targets. */
function crossEntropy(logits: Tensor, target: Tensor): Tensor {
  return logits.logSoftmax(1).mul(target).sum().div(-logits.shape[0]);
}

function model(params: Tensor[], loss: () => Tensor): BenchModel {
  let last = NaN;
  return {
    step() {
      for (const p of params) p.grad = null;
      const l = loss();
      l.backward();
      last = l.item();
    },
    lastLoss: () => last,
  };
}

/** MLP 784-512-256-10, ReLU, cross-entropy. */
export function oursMlp(): BenchModel {
  const { batch, layers } = sizes.mlp;
  const ws = layers.slice(1).map((out, i) => param([layers[i], out], scaleFor(layers[i])));
  const bs = layers.slice(1).map((out, i) => param([out], scaleFor(layers[i])));
  const x = input([batch, layers[0]]);
  const y = tensor(oneHot(batch, layers[layers.length - 1]), [batch, layers[layers.length - 1]]);
  return model([...ws, ...bs], () => {
    let h = x;
    ws.forEach((w, i) => {
      h = h.matmul(w).add(bs[i]);
      if (i < ws.length - 1) h = h.relu();
    });
    return crossEntropy(h, y);
  });
}

/** conv(1→16, 3×3, pad 1)-relu-maxpool2-conv(16→32)-relu-maxpool2-linear(32·7·7→10), NCHW. */
export function oursCnn(): BenchModel {
  const { batch, side, c1, c2, classes } = sizes.cnn;
  const w1 = param([c1, 1, 3, 3], scaleFor(9));
  const b1 = param([c1], scaleFor(9));
  const w2 = param([c2, c1, 3, 3], scaleFor(9 * c1));
  const b2 = param([c2], scaleFor(9 * c1));
  const flat = c2 * (side / 4) * (side / 4);
  const wf = param([flat, classes], scaleFor(flat));
  const bf = param([classes], scaleFor(flat));
  const x = input([batch, 1, side, side]);
  const y = tensor(oneHot(batch, classes), [batch, classes]);
  return model([w1, b1, w2, b2, wf, bf], () => {
    const h1 = maxPool2d(conv2d(x, w1, b1, { padding: 1 }).relu(), 2);
    const h2 = maxPool2d(conv2d(h1, w2, b2, { padding: 1 }).relu(), 2);
    return crossEntropy(h2.reshape(batch, flat).matmul(wf).add(bf), y);
  });
}

/** Layer norm over the last dim from mean and biased variance. */
function layerNorm(x: Tensor, gain: Tensor, bias: Tensor, eps: number): Tensor {
  const centered = x.sub(x.mean(-1, true));
  const variance = centered.mul(centered).mean(-1, true);
  return centered.div(variance.add(eps).sqrt()).mul(gain).add(bias);
}

/** Two post-norm transformer encoder layers (d 64, 4 heads, ReLU FFN 256), mean-pool, linear, cross-entropy. */
export function oursTransformer(): BenchModel {
  const { batch: B, seq: T, dModel: D, heads: H, ffn, layers, classes, eps } = sizes.transformer;
  const dh = D / H;
  const s = scaleFor(D);
  const blocks = Array.from({ length: layers }, () => ({
    wq: param([D, D], s), bq: param([D], s), wk: param([D, D], s), bk: param([D], s),
    wv: param([D, D], s), bv: param([D], s), wo: param([D, D], s), bo: param([D], s),
    g1: ones(D), n1: zeros(D), w1: param([D, ffn], s), b1: param([ffn], s),
    w2: param([ffn, D], scaleFor(ffn)), b2: param([D], scaleFor(ffn)), g2: ones(D), n2: zeros(D),
  }));
  const wc = param([D, classes], s);
  const bc = param([classes], s);
  const x0 = input([B, T, D]);
  const y = tensor(oneHot(B, classes), [B, classes]);
  const params = [...blocks.flatMap((b) => Object.values(b)), wc, bc];
  return model(params, () => {
    let x = x0;
    for (const p of blocks) {
      const q = x.matmul(p.wq).add(p.bq).reshape(B, T, H, dh).permute(0, 2, 1, 3);
      const kT = x.matmul(p.wk).add(p.bk).reshape(B, T, H, dh).permute(0, 2, 3, 1);
      const v = x.matmul(p.wv).add(p.bv).reshape(B, T, H, dh).permute(0, 2, 1, 3);
      const att = q.matmul(kT).mul(1 / Math.sqrt(dh)).softmax(-1).matmul(v);
      const merged = att.permute(0, 2, 1, 3).reshape(B, T, D).matmul(p.wo).add(p.bo);
      x = layerNorm(x.add(merged), p.g1, p.n1, eps);
      const ff = x.matmul(p.w1).add(p.b1).relu().matmul(p.w2).add(p.b2);
      x = layerNorm(x.add(ff), p.g2, p.n2, eps);
    }
    return crossEntropy(x.mean(1).matmul(wc).add(bc), y);
  });
}
