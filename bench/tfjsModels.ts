// The same three models on @tensorflow/tfjs-core with the CPU backend (float32), gradients by
// tf.variableGrads. The ES-module builds are imported so the gradient registrations exist.
import * as tf from "@tensorflow/tfjs-core/dist/index.js";
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
import "@tensorflow/tfjs-backend-cpu/dist/index.js";
import { type BenchModel, oneHot, scaleFor, sizes, values } from "./data";

/** Selects the CPU backend; call (and await) once before building models. */
export async function initTfjs(): Promise<string> {
  await tf.setBackend("cpu");
  await tf.ready();
  return `tfjs-core ${tf.version_core}, backend ${tf.getBackend()}`;
}

let seed = 1;
const variable = (shape: number[], scale: number): tf.Variable => tf.variable(tf.tensor(Float32Array.from(values(shape.reduce((a, b) => a * b, 1), scale, seed++)), shape));
/** A variable from values generated in our engine's layout, then permuted (NCHW/OIHW → tfjs's NHWC/HWIO). */
const permuted = (shape: number[], scale: number, perm: number[]): tf.Variable =>
  tf.variable(tf.transpose(tf.tensor(Float32Array.from(values(shape.reduce((a, b) => a * b, 1), scale, seed++)), shape), perm));
const input = (shape: number[]): tf.Tensor => tf.tensor(Float32Array.from(values(shape.reduce((a, b) => a * b, 1), 1, seed++)), shape);

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
  const ws = layers.slice(1).map((out, i) => variable([layers[i], out], scaleFor(layers[i])));
  const bs = layers.slice(1).map((out, i) => variable([out], scaleFor(layers[i])));
  const x = input([batch, layers[0]]);
  const y = tf.tensor(Float32Array.from(oneHot(batch, layers[layers.length - 1])), [batch, layers[layers.length - 1]]);
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
  // Same values as oursCnn, permuted into tfjs's layouts, so both compute the same loss.
  const w1 = permuted([c1, 1, 3, 3], scaleFor(9), [2, 3, 1, 0]);
  const b1 = variable([c1], scaleFor(9));
  const w2 = permuted([c2, c1, 3, 3], scaleFor(9 * c1), [2, 3, 1, 0]);
  const b2 = variable([c2], scaleFor(9 * c1));
  const q = side / 4;
  const flat = c2 * q * q;
  // Rows of the dense weight follow the flatten order: (c, h, w) in NCHW, (h, w, c) in NHWC.
  const wf = tf.variable(tf.reshape(tf.transpose(tf.tensor(Float32Array.from(values(flat * classes, scaleFor(flat), seed++)), [c2, q, q, classes]), [1, 2, 0, 3]), [flat, classes]));
  const bf = variable([classes], scaleFor(flat));
  const x = tf.transpose(tf.tensor(Float32Array.from(values(batch * side * side, 1, seed++)), [batch, 1, side, side]), [0, 2, 3, 1]) as tf.Tensor4D;
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
function dense(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const [B, T, D] = x.shape as [number, number, number];
  return tf.reshape(tf.add(tf.matMul(tf.reshape(x, [B * T, D]), w), b), [B, T, w.shape[1] as number]);
}

export function tfjsTransformer(): BenchModel {
  const { batch: B, seq: T, dModel: D, heads: H, ffn, layers, classes, eps } = sizes.transformer;
  const dh = D / H;
  const s = scaleFor(D);
  const blocks = Array.from({ length: layers }, () => ({
    wq: variable([D, D], s), bq: variable([D], s), wk: variable([D, D], s), bk: variable([D], s),
    wv: variable([D, D], s), bv: variable([D], s), wo: variable([D, D], s), bo: variable([D], s),
    g1: tf.variable(tf.ones([D])), n1: tf.variable(tf.zeros([D])), w1: variable([D, ffn], s), b1: variable([ffn], s),
    w2: variable([ffn, D], scaleFor(ffn)), b2: variable([D], scaleFor(ffn)), g2: tf.variable(tf.ones([D])), n2: tf.variable(tf.zeros([D])),
  }));
  const wc = variable([D, classes], s);
  const bc = variable([classes], s);
  const x0 = input([B, T, D]);
  const y = tf.tensor(Float32Array.from(oneHot(B, classes)), [B, classes]);
  return model(() => {
    let x = x0;
    for (const p of blocks) {
      const q = tf.transpose(tf.reshape(dense(x, p.wq, p.bq), [B, T, H, dh]), [0, 2, 1, 3]);
      const kT = tf.transpose(tf.reshape(dense(x, p.wk, p.bk), [B, T, H, dh]), [0, 2, 3, 1]);
      const v = tf.transpose(tf.reshape(dense(x, p.wv, p.bv), [B, T, H, dh]), [0, 2, 1, 3]);
      const att = tf.matMul(tf.softmax(tf.mul(tf.matMul(q, kT), 1 / Math.sqrt(dh))), v);
      const merged = dense(tf.reshape(tf.transpose(att, [0, 2, 1, 3]), [B, T, D]), p.wo, p.bo);
      x = layerNorm(tf.add(x, merged), p.g1, p.n1, eps);
      const ff = dense(tf.relu(dense(x, p.w1, p.b1)), p.w2, p.b2);
      x = layerNorm(tf.add(x, ff), p.g2, p.n2, eps);
    }
    return crossEntropy(tf.add(tf.matMul(tf.mean(x, 1), wc), bc), y);
  });
}
