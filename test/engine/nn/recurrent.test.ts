import { describe, expect, test } from "vitest";
import { GRU, LSTM, RNN } from "../../../src/engine/nn/recurrent";
import { manualSeed } from "../../../src/engine/random";
import { randn } from "../../../src/engine/creation";
import { concat } from "../../../src/engine/shapeFns";
import { expectClose, expectGradcheck, load, loadCase } from "./nnHelpers";

type Layer = RNN | LSTM | GRU;

function loadLayer0(layer: Layer, c: ReturnType<typeof loadCase>): void {
  const [wIh, wHh, bIh, bHh] = layer.weights(0);
  load(wIh, c.leaf("weight_ih"));
  load(wHh, c.leaf("weight_hh"));
  load(bIh, c.leaf("bias_ih"));
  load(bHh, c.leaf("bias_hh"));
}

function expectLayer0Grads(layer: Layer, c: ReturnType<typeof loadCase>): void {
  const named = new Map(layer.namedParameters());
  for (const n of ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]) expectClose(named.get(`${n}_l0`)!.grad, c.grad(n), `dL/d${n}_l0`);
}

describe("RNN, LSTM, GRU layers", () => {
  test("parameter names follow PyTorch (weight_ih_l0, …, _reverse) with the right shapes", () => {
    const lstm = new LSTM(3, 4, { numLayers: 2, bidirectional: true });
    expect(lstm.namedParameters().map(([n, p]) => `${n}:${p.shape.join("x")}`)).toEqual([
      "weight_ih_l0:16x3", "weight_hh_l0:16x4", "bias_ih_l0:16", "bias_hh_l0:16",
      "weight_ih_l0_reverse:16x3", "weight_hh_l0_reverse:16x4", "bias_ih_l0_reverse:16", "bias_hh_l0_reverse:16",
      "weight_ih_l1:16x8", "weight_hh_l1:16x4", "bias_ih_l1:16", "bias_hh_l1:16",
      "weight_ih_l1_reverse:16x8", "weight_hh_l1_reverse:16x4", "bias_ih_l1_reverse:16", "bias_hh_l1_reverse:16",
    ]);
    expect(new GRU(3, 4, { bias: false }).namedParameters().map(([n]) => n)).toEqual(["weight_ih_l0", "weight_hh_l0"]);
  });

  test("init U(-1/sqrt(H), 1/sqrt(H)) for every parameter", () => {
    manualSeed(0);
    for (const p of new GRU(10, 25, { numLayers: 2 }).parameters()) {
      expect(Math.max(...p.data)).toBeLessThanOrEqual(0.2);
      expect(Math.min(...p.data)).toBeGreaterThanOrEqual(-0.2);
    }
  });

  test("RNN over 4 steps with an initial state matches PyTorch's unrolled cell", () => {
    const c = loadCase("layer_rnn_cell_unrolled_4");
    const rnn = new RNN(3, 5);
    loadLayer0(rnn, c);
    const x = c.leaf("x");
    const h0 = c.leaf("h0");
    const [out, hn] = rnn.forward(x, h0.unsqueeze(0));
    expect(out.shape).toEqual([4, 2, 5]);
    expect(hn.shape).toEqual([1, 2, 5]);
    expectClose(out, c.value("hs"), "output");
    expectClose(hn, c.value("h4"), "h_n");
    out.mul(c.leaf("probe")).sum().backward();
    expectClose(x.grad, c.grad("x"), "dL/dx");
    expectClose(h0.grad, c.grad("h0"), "dL/dh0");
    expectLayer0Grads(rnn, c);
  });

  test("LSTM (batchFirst) matches PyTorch's unrolled cell, h_n and c_n included", () => {
    const c = loadCase("layer_lstm_cell_unrolled_4");
    const lstm = new LSTM(3, 5, { batchFirst: true });
    loadLayer0(lstm, c);
    const x = c.leaf("x");
    const h0 = c.leaf("h0");
    const c0 = c.leaf("c0");
    const [out, [hn, cn]] = lstm.forward(x.transpose(0, 1), [h0.unsqueeze(0), c0.unsqueeze(0)]);
    expect(out.shape).toEqual([2, 4, 5]);
    expectClose(out.transpose(0, 1), c.value("hs"), "output");
    expectClose(hn, c.value("h4"), "h_n");
    expectClose(cn, c.value("c4"), "c_n");
    out.transpose(0, 1).mul(c.leaf("probe")).sum().add(cn.squeeze(0).mul(c.leaf("probe_c")).sum()).backward();
    expectClose(x.grad, c.grad("x"), "dL/dx");
    expectClose(h0.grad, c.grad("h0"), "dL/dh0");
    expectClose(c0.grad, c.grad("c0"), "dL/dc0");
    expectLayer0Grads(lstm, c);
  });

  test("two-layer bidirectional GRU: shapes and finite-difference gradients", () => {
    manualSeed(1);
    const gru = new GRU(2, 2, { numLayers: 2, bidirectional: true });
    const x = randn([3, 2, 2], { requiresGrad: true });
    const h0 = randn([4, 2, 2], { requiresGrad: true });
    const [out, hn] = gru.forward(x, h0);
    expect(out.shape).toEqual([3, 2, 4]);
    expect(hn.shape).toEqual([4, 2, 2]);
    // The forward direction's last output is its final state; the reverse direction's first output is its.
    expect([...out.select(0, 2).slice(-1, 0, 2).data]).toEqual([...hn.select(0, 2).data]);
    expect([...out.select(0, 0).slice(-1, 2, 4).data]).toEqual([...hn.select(0, 3).data]);
    expectGradcheck(() => {
      const [o, h] = gru.forward(x, h0);
      return concat([o.flatten(), h.flatten()]);
    }, [x, h0, ...gru.parameters()]);
  });

  test("two-layer LSTM with dropout between layers: train mode reseeded, eval deterministic", () => {
    manualSeed(2);
    const lstm = new LSTM(2, 2, { numLayers: 2, dropout: 0.5 });
    const x = randn([2, 1, 2], { requiresGrad: true });
    expectGradcheck(() => {
      manualSeed(9);
      const [o, [h, c]] = lstm.forward(x);
      return concat([o.flatten(), h.flatten(), c.flatten()]);
    }, [x, ...lstm.parameters()]);
    lstm.eval();
    expect(lstm.forward(x)[0].data).toEqual(lstm.forward(x)[0].data);
  });

  test("unbatched input [T, I] gives output [T, H] and h_n [layers, H]", () => {
    manualSeed(3);
    const rnn = new RNN(3, 4, { numLayers: 2, nonlinearity: "relu" });
    const [out, hn] = rnn.forward(randn([5, 3]));
    expect(out.shape).toEqual([5, 4]);
    expect(hn.shape).toEqual([2, 4]);
    expect([...out.select(0, 4).data]).toEqual([...hn.select(0, 1).data]);
  });

  test("shape errors name the layer and the shapes", () => {
    const lstm = new LSTM(3, 4);
    expect(() => lstm.forward(randn([5, 2, 6]))).toThrow(/LSTM\(3, 4, num_layers=1\).*\[T, N, input_size\].*\[5, 2, 6\]/);
    expect(() => lstm.forward(randn([5, 2, 3]), [randn([1, 3, 4]), randn([1, 2, 4])])).toThrow(/initial state has shape \[1, 3, 4\], expected \[1, 2, 4\]/);
    expect(() => new GRU(3, 4, { dropout: 2 })).toThrow(/dropout/);
  });
});
