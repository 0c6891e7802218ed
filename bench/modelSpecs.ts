// The three benchmark models built with our nn modules, as a user's model file builds them. They take
// the engine API as an argument: the in-process benchmark passes src/api.ts, and the model files in
// bench/traceModels/ pass their "backprop-lens" import (the runner's worker engine), so the timed
// forward + backward and the traced one run the same code. The values come from data.ts and match
// tfjsModels.ts, transposed where tfjs stores [in, out] and NHWC.
import type * as Api from "../src/api";
import { oneHot, scaleFor, seedBase, seedsFrom, sizes, values } from "./data";

type Engine = typeof Api;
type Tensor = Api.Tensor;

/** A model file's spec (model + loss), plus its parameters so the benchmark can clear their grads. */
export interface BenchSpec {
  model: Api.nn.Module;
  loss: () => Tensor;
  params: Tensor[];
}

/** Overwrites `t` (or `count` values of it from `offset`) with the seeded values. */
function fill(t: Tensor, scale: number, seed: number, offset = 0, count = t.numel - offset): void {
  t.data.set(values(count, scale, seed), offset);
}

/** MLP 784-512-256-10 with ReLU: nn.Sequential of nn.Linear, cross-entropy against one-hot targets. */
export function mlpSpec(bl: Engine): BenchSpec {
  const { batch, layers } = sizes.mlp;
  const seed = seedsFrom(seedBase.mlp);
  const linears = layers.slice(1).map((out, i) => new bl.nn.Linear(layers[i], out));
  for (const l of linears) {
    fill(l.weight, scaleFor(l.inFeatures), seed());
    fill(l.bias!, scaleFor(l.inFeatures), seed());
  }
  const model = new bl.nn.Sequential(linears[0], new bl.nn.ReLU(), linears[1], new bl.nn.ReLU(), linears[2]);
  const x = bl.tensor(values(batch * layers[0], 1, seed()), [batch, layers[0]]);
  const classes = layers[layers.length - 1];
  const y = bl.tensor(oneHot(batch, classes), [batch, classes]);
  return { model, params: model.parameters(), loss: () => bl.nn.functional.crossEntropy(model.forward(x), y) };
}

/** conv(1→16, 3×3, pad 1)-relu-maxpool2-conv(16→32)-relu-maxpool2-flatten-linear(32·7·7→10), NCHW. */
export function cnnSpec(bl: Engine): BenchSpec {
  const { batch, side, c1, c2, classes } = sizes.cnn;
  const seed = seedsFrom(seedBase.cnn);
  const conv1 = new bl.nn.Conv2d(1, c1, 3, { padding: 1 });
  const conv2 = new bl.nn.Conv2d(c1, c2, 3, { padding: 1 });
  const flat = c2 * (side / 4) * (side / 4);
  const fc = new bl.nn.Linear(flat, classes);
  for (const [w, b, fanIn] of [[conv1.weight, conv1.bias!, 9], [conv2.weight, conv2.bias!, 9 * c1], [fc.weight, fc.bias!, flat]] as const) {
    fill(w, scaleFor(fanIn), seed());
    fill(b, scaleFor(fanIn), seed());
  }
  const model = new bl.nn.Sequential(conv1, new bl.nn.ReLU(), new bl.nn.MaxPool2d(2), conv2, new bl.nn.ReLU(), new bl.nn.MaxPool2d(2), new bl.nn.Flatten(), fc);
  const x = bl.tensor(values(batch * side * side, 1, seed()), [batch, 1, side, side]);
  const y = bl.tensor(oneHot(batch, classes), [batch, classes]);
  return { model, params: model.parameters(), loss: () => bl.nn.functional.crossEntropy(model.forward(x), y) };
}

/** Two post-norm nn.TransformerEncoderLayers (d 64, 4 heads, ReLU FFN 256, no dropout, batch first), mean-pool, nn.Linear, cross-entropy. */
export function transformerSpec(bl: Engine): BenchSpec {
  const { batch: B, seq: T, dModel: D, heads: H, ffn, layers, classes, eps } = sizes.transformer;
  const seed = seedsFrom(seedBase.transformer);
  const s = scaleFor(D);

  class Classifier extends bl.nn.Module {
    encoder = new bl.nn.TransformerEncoder(new bl.nn.TransformerEncoderLayer(D, H, { dimFeedforward: ffn, dropout: 0, layerNormEps: eps, batchFirst: true }), layers);
    head = new bl.nn.Linear(D, classes);

    forward(x: Tensor): Tensor {
      return this.head.forward(this.encoder.forward(x).mean(1));
    }
  }

  const model = new Classifier();
  for (const layer of model.encoder.layers) {
    const attn = layer.self_attn;
    // q, k, v: the row blocks of the packed projection, each with its slice of the bias.
    for (let i = 0; i < 3; i++) {
      fill(attn.in_proj_weight, s, seed(), i * D * D, D * D);
      fill(attn.in_proj_bias!, s, seed(), i * D, D);
    }
    fill(attn.out_proj.weight, s, seed());
    fill(attn.out_proj.bias!, s, seed());
    fill(layer.linear1.weight, s, seed());
    fill(layer.linear1.bias!, s, seed());
    fill(layer.linear2.weight, scaleFor(ffn), seed());
    fill(layer.linear2.bias!, scaleFor(ffn), seed());
    // LayerNorm weights and biases keep their ones and zeros.
  }
  fill(model.head.weight, s, seed());
  fill(model.head.bias!, s, seed());
  const x = bl.tensor(values(B * T * D, 1, seed()), [B, T, D]);
  const y = bl.tensor(oneHot(B, classes), [B, classes]);
  return { model, params: model.parameters(), loss: () => bl.nn.functional.crossEntropy(model.forward(x), y) };
}
