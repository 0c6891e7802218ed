import { describe, expect, test } from "vitest";
import { TransformerEncoder, TransformerEncoderLayer } from "../../../src/engine/nn/transformer";
import { LayerNorm } from "../../../src/engine/nn/norm";
import { causalMask } from "../../../src/engine/nn/layerFunctional";
import { manualSeed } from "../../../src/engine/random";
import { randn, tensor } from "../../../src/engine/creation";
import { expectGradcheck } from "./nnHelpers";

describe("TransformerEncoderLayer", () => {
  test("submodules and parameters are named as in PyTorch", () => {
    const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16 });
    expect(layer.namedParameters().map(([n, p]) => `${n}:${p.shape.join("x")}`)).toEqual([
      "self_attn.in_proj_weight:24x8", "self_attn.in_proj_bias:24", "self_attn.out_proj.weight:8x8", "self_attn.out_proj.bias:8",
      "linear1.weight:16x8", "linear1.bias:16", "linear2.weight:8x16", "linear2.bias:8",
      "norm1.weight:8", "norm1.bias:8", "norm2.weight:8", "norm2.bias:8",
    ]);
    expect(layer.namedModules().map(([n]) => n)).toEqual([
      "", "self_attn", "self_attn.out_proj", "linear1", "dropout", "linear2", "norm1", "norm2", "dropout1", "dropout2",
    ]);
    expect(layer.config.batchFirst).toBe(false);
    expect(layer.config.dimFeedforward).toBe(16);
    expect(new TransformerEncoderLayer(8, 2).linear1.outFeatures).toBe(2048);
  });

  test.each([
    ["post-norm, relu", { normFirst: false, activation: "relu" }],
    ["pre-norm, gelu, batch first", { normFirst: true, activation: "gelu", batchFirst: true }],
  ] as const)("%s: finite-difference gradients", (_name, opts) => {
    manualSeed(1);
    const layer = new TransformerEncoderLayer(4, 2, { dimFeedforward: 6, dropout: 0, ...opts });
    for (const ln of [layer.norm1, layer.norm2]) ln.weight!.data.forEach((_, i, a) => (a[i] = 1 + 0.3 * Math.cos(i)));
    const x = randn([3, 2, 4], { requiresGrad: true });
    expectGradcheck(() => layer.forward(x, { isCausal: true }), [x, ...layer.parameters()]);
  });

  test("post-norm output is normalised per position; eval mode is deterministic with dropout", () => {
    manualSeed(2);
    const layer = new TransformerEncoderLayer(6, 3, { dimFeedforward: 8, batchFirst: true });
    const x = randn([2, 3, 6]);
    const pad = tensor([[false, false, true], [false, false, false]], { dtype: "bool" });
    layer.eval();
    const y = layer.forward(x, { srcKeyPaddingMask: pad });
    expect(y.shape).toEqual([2, 3, 6]);
    for (let r = 0; r < 6; r++) {
      const row = y.data.slice(6 * r, 6 * r + 6);
      expect(row.reduce((a, b) => a + b, 0) / 6).toBeCloseTo(0, 12);
    }
    expect(layer.forward(x, { srcKeyPaddingMask: pad }).data).toEqual(y.data);
    layer.train();
    manualSeed(7);
    expect(layer.forward(x).data).not.toEqual(y.data);
  });
});

describe("TransformerEncoder", () => {
  test("numLayers copies with the same starting weights, named layers.i.…, and an optional final norm", () => {
    manualSeed(3);
    const proto = new TransformerEncoderLayer(4, 2, { dimFeedforward: 6, dropout: 0 });
    const enc = new TransformerEncoder(proto, 2, { norm: new LayerNorm(4) });
    const names = enc.namedParameters().map(([n]) => n);
    expect(names.slice(0, 2)).toEqual(["layers.0.self_attn.in_proj_weight", "layers.0.self_attn.in_proj_bias"]);
    expect(names).toContain("layers.1.norm2.bias");
    expect(names.slice(-2)).toEqual(["norm.weight", "norm.bias"]);
    expect(enc.layers[0].linear1.weight).not.toBe(enc.layers[1].linear1.weight);
    expect(enc.layers[1].linear1.weight.data).toEqual(proto.linear1.weight.data);
    expect(enc.parameters()).not.toContain(proto.linear1.weight);
  });

  test("a causal mask keeps earlier positions independent of later ones", () => {
    manualSeed(5);
    const enc = new TransformerEncoder(new TransformerEncoderLayer(4, 2, { dimFeedforward: 4, dropout: 0, batchFirst: true }), 2);
    const x = randn([1, 3, 4]);
    const y = enc.forward(x, { mask: causalMask(3) });
    expect(enc.forward(x, { isCausal: true }).data).toEqual(y.data);
    const x2 = x.clone();
    x2.data.set([5, -5, 5, -5], 8);
    const y2 = enc.forward(x2, { mask: causalMask(3) });
    expect([...y2.data.slice(0, 8)]).toEqual([...y.data.slice(0, 8)]);
    expect([...y2.data.slice(8)]).not.toEqual([...y.data.slice(8)]);
    const layer = enc.layers[0];
    expect(layer.forward(x, { srcMask: causalMask(3) }).data).toEqual(layer.forward(x, { isCausal: true }).data);
  });

  test("finite-difference gradients through two layers", () => {
    manualSeed(4);
    const enc = new TransformerEncoder(new TransformerEncoderLayer(4, 1, { dimFeedforward: 4, dropout: 0, batchFirst: true }), 2);
    const x = randn([1, 3, 4], { requiresGrad: true });
    expectGradcheck(() => enc.forward(x), [x, ...enc.parameters()]);
  });
});
