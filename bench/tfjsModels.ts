// The same three models on @tensorflow/tfjs-core with the CPU backend (float32), gradients by
// tf.variableGrads. The ES-module builds are imported so the gradient registrations exist. Weights
// are drawn in our layouts (modelSpecs.ts: Linear [out, in], conv OIHW, NCHW inputs) with the same
// seeds, then transposed into tfjs's ([in, out], HWIO, NHWC), so both engines compute the same loss.
import * as tf from "@tensorflow/tfjs-core/dist/index.js";
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
import "@tensorflow/tfjs-backend-cpu/dist/index.js";
import { type BenchModel, oneHot, scaleFor, seedBase, seedsFrom, sizes, values } from "./data";

/** Selects the CPU backend; call (and await) once before building models. */
export async function initTfjs(): Promise<string> {
  await tf.setBackend("cpu");
  await tf.ready();
  return `tfjs-core ${tf.version_core}, backend ${tf.getBackend()}`;
}

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
/** Seeded values in our layout `shape`, as a float32 tensor. */
const drawn = (shape: number[], scale: number, seed: number): tf.Tensor => tf.tensor(Float32Array.from(values(numel(shape), scale, seed)), shape);
const variable = (shape: number[], scale: number, seed: number): tf.Variable => tf.variable(drawn(shape, scale, seed));
/** A Linear weight drawn as [out, in] and stored [in, out]. */
const dense = (out: number, inF: number, scale: number, seed: number): tf.Variable => tf.variable(tf.transpose(drawn([out, inF], scale, seed)));

function crossEntropy(logits: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.div(tf.sum(tf.mul(tf.logSoftmax(logits, 1), target)), -logits.shape[0]);
}

function model(loss: () => tf.Scalar): BenchModel {
  let last = NaN;
  return {
    step() {
      const { value, grads } = tf.variableGrads(loss);
      // Reading the values forces the work to finish (the CPU backend is synchronous anyway).
      last = value.dataSync()[0];
      for (const g of Object.values(grads)) g.dataSync();
      tf.dispose([value, ...Object.values(grads)]);
    },
    lastLoss: () => last,
  };
}

export function tfjsMlp(): BenchModel {
  const { batch, layers } = sizes.mlp;
  const seed = seedsFrom(seedBase.mlp);
  const ws: tf.Variable[] = [];
  const bs: tf.Variable[] = [];
  layers.slice(1).forEach((out, i) => {
    ws.push(dense(out, layers[i], scaleFor(layers[i]), seed()));
    bs.push(variable([out], scaleFor(layers[i]), seed()));
  });
  const x = drawn([batch, layers[0]], 1, seed());
  const classes = layers[layers.length - 1];
  const y = tf.tensor(Float32Array.from(oneHot(batch, classes)), [batch, classes]);
  return model(() => {
    let h = x;
    ws.forEach((w, i) => {
      h = tf.add(tf.matMul(h, w), bs[i]);
      if (i < ws.length - 1) h = tf.relu(h);
    });
    return crossEntropy(h, y);
  });
}

/** The CNN in NHWC (the layout tfjs-backend-cpu implements), otherwise the same ops and sizes. */
export function tfjsCnn(): BenchModel {
  const { batch, side, c1, c2, classes } = sizes.cnn;
  const seed = seedsFrom(seedBase.cnn);
  const q = side / 4;
  const flat = c2 * q * q;
  // OIHW → HWIO.
  const w1 = tf.variable(tf.transpose(drawn([c1, 1, 3, 3], scaleFor(9), seed()), [2, 3, 1, 0]));
  const b1 = variable([c1], scaleFor(9), seed());
  const w2 = tf.variable(tf.transpose(drawn([c2, c1, 3, 3], scaleFor(9 * c1), seed()), [2, 3, 1, 0]));
  const b2 = variable([c2], scaleFor(9 * c1), seed());
  // The Linear weight [classes, (c, h, w)] → [(h, w, c), classes]: NHWC flattens in (h, w, c) order.
  const wf = tf.variable(tf.reshape(tf.transpose(drawn([classes, c2, q, q], scaleFor(flat), seed()), [2, 3, 1, 0]), [flat, classes]));
  const bf = variable([classes], scaleFor(flat), seed());
  const x = tf.transpose(drawn([batch, 1, side, side], 1, seed()), [0, 2, 3, 1]) as tf.Tensor4D;
  const y = tf.tensor(Float32Array.from(oneHot(batch, classes)), [batch, classes]);
  return model(() => {
    const h1 = tf.maxPool(tf.relu(tf.add(tf.conv2d(x, w1 as tf.Tensor4D, 1, "same"), b1)) as tf.Tensor4D, 2, 2, "valid");
    const h2 = tf.maxPool(tf.relu(tf.add(tf.conv2d(h1, w2 as tf.Tensor4D, 1, "same"), b2)) as tf.Tensor4D, 2, 2, "valid");
    return crossEntropy(tf.add(tf.matMul(tf.reshape(h2, [batch, flat]), wf), bf), y);
  });
}

function layerNorm(x: tf.Tensor, gain: tf.Tensor, bias: tf.Tensor, eps: number): tf.Tensor {
  const centered = tf.sub(x, tf.mean(x, -1, true));
  const variance = tf.mean(tf.mul(centered, centered), -1, true);
  return tf.add(tf.mul(tf.div(centered, tf.sqrt(tf.add(variance, eps))), gain), bias);
}

/** x[B, T, in]·w[in, out] + b as one 2-D product (tfjs's BatchMatMul gradient does not undo broadcasting; tfjs-layers' Dense does the same). */
function linear3d(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const [B, T, D] = x.shape as [number, number, number];
  return tf.reshape(tf.add(tf.matMul(tf.reshape(x, [B * T, D]), w), b), [B, T, w.shape[1] as number]);
}

export function tfjsTransformer(): BenchModel {
  const { batch: B, seq: T, dModel: D, heads: H, ffn, layers, classes, eps } = sizes.transformer;
  const seed = seedsFrom(seedBase.transformer);
  const dh = D / H;
  const s = scaleFor(D);
  // Drawn in modelSpecs.ts's order: q, k, v (weight, bias), out_proj, linear1, linear2.
  const blocks = Array.from({ length: layers }, () => {
    const [wq, bq, wk, bk, wv, bv] = [0, 1, 2].flatMap(() => [dense(D, D, s, seed()), variable([D], s, seed())]);
    return {
      wq, bq, wk, bk, wv, bv,
      wo: dense(D, D, s, seed()), bo: variable([D], s, seed()),
      w1: dense(ffn, D, s, seed()), b1: variable([ffn], s, seed()),
      w2: dense(D, ffn, scaleFor(ffn), seed()), b2: variable([D], scaleFor(ffn), seed()),
      g1: tf.variable(tf.ones([D])), n1: tf.variable(tf.zeros([D])), g2: tf.variable(tf.ones([D])), n2: tf.variable(tf.zeros([D])),
    };
  });
  const wc = dense(classes, D, s, seed());
  const bc = variable([classes], s, seed());
  const x0 = drawn([B, T, D], 1, seed());
  const y = tf.tensor(Float32Array.from(oneHot(B, classes)), [B, classes]);
  return model(() => {
    let x = x0;
    for (const p of blocks) {
      const q = tf.transpose(tf.reshape(linear3d(x, p.wq, p.bq), [B, T, H, dh]), [0, 2, 1, 3]);
      const kT = tf.transpose(tf.reshape(linear3d(x, p.wk, p.bk), [B, T, H, dh]), [0, 2, 3, 1]);
      const v = tf.transpose(tf.reshape(linear3d(x, p.wv, p.bv), [B, T, H, dh]), [0, 2, 1, 3]);
      const att = tf.matMul(tf.softmax(tf.mul(tf.matMul(q, kT), 1 / Math.sqrt(dh))), v);
      const merged = linear3d(tf.reshape(tf.transpose(att, [0, 2, 1, 3]), [B, T, D]), p.wo, p.bo);
      x = layerNorm(tf.add(x, merged), p.g1, p.n1, eps);
      const ff = linear3d(tf.relu(linear3d(x, p.w1, p.b1)), p.w2, p.b2);
      x = layerNorm(tf.add(x, ff), p.g2, p.n2, eps);
    }
    return crossEntropy(tf.add(tf.matMul(tf.mean(x, 1), wc), bc), y);
  });
}
