import { describe, expect, test } from "vitest";
import { MultiheadAttention } from "../../../src/engine/nn/attention";
import { causalMask, scaledDotProductAttention } from "../../../src/engine/nn/layerFunctional";
import { manualSeed } from "../../../src/engine/random";
import { randn, tensor } from "../../../src/engine/creation";
import type { Tensor } from "../../../src/engine/tensor";
import { expectClose, expectGradcheck, load, loadCase } from "./nnHelpers";

const cat = (...ts: Float64Array[]): Float64Array => Float64Array.from(ts.flatMap((t) => [...t]));

describe("scaledDotProductAttention", () => {
  test("causal attention core matches PyTorch", () => {
    const c = loadCase("layer_attention_core_causal");
    const [q, k, v] = ["q", "k", "v"].map((n) => c.leaf(n));
    const y = scaledDotProductAttention(q, k, v, { isCausal: true });
    expectClose(y, c.value("y"), "y");
    y.mul(c.leaf("probe")).sum().backward();
    expectClose(q.grad, c.grad("q"), "dL/dq");
    expectClose(k.grad, c.grad("k"), "dL/dk");
    expectClose(v.grad, c.grad("v"), "dL/dv");
  });

  test("a bool attnMask is true where attention is allowed (torch's SDPA convention); a float one is added", () => {
    manualSeed(0);
    const [q, k, v] = [randn([2, 3, 4]), randn([2, 3, 4]), randn([2, 3, 4])];
    const causal = scaledDotProductAttention(q, k, v, { isCausal: true });
    expect(scaledDotProductAttention(q, k, v, { attnMask: causalMask(3).eq(0) }).data).toEqual(causal.data);
    const additive = tensor([[0, -Infinity, -Infinity], [0, 0, -Infinity], [0, 0, 0]]);
    expect(scaledDotProductAttention(q, k, v, { attnMask: additive }).data).toEqual(causal.data);
  });

  test("finite-difference gradients with a float mask and a custom scale", () => {
    manualSeed(1);
    const [q, k, v] = [randn([2, 3, 2], { requiresGrad: true }), randn([2, 4, 2], { requiresGrad: true }), randn([2, 4, 3], { requiresGrad: true })];
    const mask = randn([3, 4]);
    expectGradcheck(() => scaledDotProductAttention(q, k, v, { attnMask: mask, scale: 0.8 }), [q, k, v]);
  });
});

describe("MultiheadAttention", () => {
  test("PyTorch's names and init: packed in_proj (xavier), zero biases, out_proj a Linear", () => {
    manualSeed(2);
    const mha = new MultiheadAttention(16, 4);
    expect(mha.namedParameters().map(([n, p]) => `${n}:${p.shape.join("x")}`)).toEqual([
      "in_proj_weight:48x16", "in_proj_bias:48", "out_proj.weight:16x16", "out_proj.bias:16",
    ]);
    const bound = Math.sqrt(6 / (16 + 48));
    expect(Math.max(...mha.in_proj_weight.data)).toBeLessThanOrEqual(bound);
    expect(Math.max(...mha.in_proj_weight.data)).toBeGreaterThan(0.95 * bound);
    expect([...mha.in_proj_bias!.data].every((v) => v === 0)).toBe(true);
    expect([...mha.out_proj.bias!.data].every((v) => v === 0)).toBe(true);
    expect(Math.max(...mha.out_proj.weight.data)).toBeLessThanOrEqual(0.25);
    expect(() => new MultiheadAttention(10, 4)).toThrow(/divisible/);
  });

  test.each([
    ["isCausal", { isCausal: true }],
    ["attnMask = causalMask (true = blocked)", { attnMask: causalMask(5) }],
  ] as const)("single-head causal self-attention matches PyTorch (%s)", (_name, opts) => {
    const c = loadCase("layer_attention_causal_1head");
    const mha = new MultiheadAttention(8, 1, { batchFirst: true });
    load(mha.in_proj_weight, cat(c.leaf("Wq").data, c.leaf("Wk").data, c.leaf("Wv").data));
    load(mha.in_proj_bias, cat(c.leaf("bq").data, c.leaf("bk").data, c.leaf("bv").data));
    load(mha.out_proj.weight, c.leaf("Wo"));
    load(mha.out_proj.bias, c.leaf("bo"));
    const x = c.leaf("x");
    const [out, weights] = mha.forward(x, x, x, opts);
    expectClose(out, c.value("out"), "out");
    expectClose(weights, c.value("attn"), "attention weights");
    out.mul(c.leaf("probe")).sum().backward();
    expectClose(x.grad, c.grad("x"), "dL/dx");
    expectClose(mha.in_proj_weight.grad, cat(c.grad("Wq"), c.grad("Wk"), c.grad("Wv")), "dL/d in_proj_weight");
    // dL/dbk is analytically 0; the comparison is relative to the whole in_proj_bias gradient's scale.
    expectClose(mha.in_proj_bias!.grad, cat(c.grad("bq"), c.grad("bk"), c.grad("bv")), "dL/d in_proj_bias");
    expect(Math.max(...mha.in_proj_bias!.grad!.data.slice(8, 16).map(Math.abs))).toBeLessThanOrEqual(1e-12 * Math.max(...c.grad("bq").map(Math.abs)));
    expectClose(mha.out_proj.weight.grad, c.grad("Wo"), "dL/dWo");
    expectClose(mha.out_proj.bias!.grad, c.grad("bo"), "dL/dbo");
  });

  test("two heads, sequence-first layout, cross-attention with a key padding mask: finite differences", () => {
    manualSeed(3);
    const mha = new MultiheadAttention(4, 2);
    for (const p of [mha.in_proj_bias!, mha.out_proj.bias!]) p.data.forEach((_, i) => (p.data[i] = 0.1 * Math.sin(i + 1)));
    const q = randn([2, 2, 4], { requiresGrad: true });
    const kv = randn([3, 2, 4], { requiresGrad: true });
    const pad = tensor([[false, false, true], [false, false, false]], { dtype: "bool" });
    const [out, w] = mha.forward(q, kv, kv, { keyPaddingMask: pad });
    expect(out.shape).toEqual([2, 2, 4]);
    expect(w!.shape).toEqual([2, 2, 3]);
    // Padded key 2 of batch 0 gets no weight; every row sums to 1.
    expect(w!.data[2]).toBe(0);
    expect(w!.data[5]).toBe(0);
    for (let r = 0; r < 4; r++) expect(w!.data[3 * r] + w!.data[3 * r + 1] + w!.data[3 * r + 2]).toBeCloseTo(1, 14);
    expectGradcheck(() => mha.forward(q, kv, kv, { keyPaddingMask: pad, needWeights: false })[0], [q, kv, ...mha.parameters()]);
  });

  test("per-head weights, needWeights false, unbatched input, float masks", () => {
    manualSeed(4);
    const mha = new MultiheadAttention(6, 3, { batchFirst: true });
    const x = randn([2, 4, 6]);
    const [, perHead] = mha.forward(x, x, x, { averageAttnWeights: false, isCausal: true });
    expect(perHead!.shape).toEqual([2, 3, 4, 4]);
    expect(perHead!.data[1]).toBe(0);
    expect(mha.forward(x, x, x, { needWeights: false })[1]).toBeNull();
    const [single, w1] = mha.forward(x.select(0, 0), x.select(0, 0), x.select(0, 0));
    expect(single.shape).toEqual([4, 6]);
    expect(w1!.shape).toEqual([4, 4]);
    const additive = tensor([[0, -Infinity, -Infinity, -Infinity], [0, 0, -Infinity, -Infinity], [0, 0, 0, -Infinity], [0, 0, 0, 0]]);
    expect(mha.forward(x, x, x, { attnMask: additive })[0].data).toEqual(mha.forward(x, x, x, { isCausal: true })[0].data);
  });

  test("attention dropout applies in train mode only", () => {
    manualSeed(5);
    const mha = new MultiheadAttention(4, 1, { dropout: 0.5, batchFirst: true });
    const x = randn([1, 6, 4]);
    const w = (): Tensor => mha.forward(x, x, x)[1]!;
    expect([...w().data].some((v) => v === 0)).toBe(true);
    mha.eval();
    expect([...w().data].every((v) => v > 0)).toBe(true);
  });

  test("shape errors name the module and the expected layout", () => {
    const mha = new MultiheadAttention(4, 2, { batchFirst: true });
    expect(() => mha.forward(randn([2, 3, 5]), randn([2, 3, 4]), randn([2, 3, 4]))).toThrow(/MultiheadAttention\(embed_dim=4, num_heads=2\).*\[N, L, 4\].*\[2, 3, 5\]/);
    expect(() => mha.forward(randn([2, 3, 4]), randn([2, 3, 4]), randn([2, 3, 4]), { attnMask: causalMask(2) })).toThrow(/attnMask has shape \[2, 2\]/);
  });
});
