import { describe, expect, test } from "vitest";
import { GRUCell, LSTMCell, RNNCell } from "../../../src/engine/nn/recurrentCell";
import { manualSeed } from "../../../src/engine/random";
import { randn } from "../../../src/engine/creation";
import { stack } from "../../../src/engine/shapeFns";
import type { Tensor } from "../../../src/engine/tensor";
import { expectClose, expectGradcheck, load, loadCase } from "./nnHelpers";

function loadCell(cell: RNNCell | LSTMCell | GRUCell, c: ReturnType<typeof loadCase>): void {
  load(cell.weight_ih, c.leaf("weight_ih"));
  load(cell.weight_hh, c.leaf("weight_hh"));
  load(cell.bias_ih, c.leaf("bias_ih"));
  load(cell.bias_hh, c.leaf("bias_hh"));
}

function expectCellGrads(cell: RNNCell | LSTMCell | GRUCell, c: ReturnType<typeof loadCase>): void {
  for (const n of ["weight_ih", "weight_hh", "bias_ih", "bias_hh"] as const) expectClose(cell[n]!.grad, c.grad(n), `dL/d${n}`);
}

describe("RNNCell", () => {
  test("PyTorch's parameter names and U(-1/sqrt(H), 1/sqrt(H)) init", () => {
    manualSeed(0);
    const cell = new RNNCell(30, 16);
    expect(cell.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([
      ["weight_ih", [16, 30]], ["weight_hh", [16, 16]], ["bias_ih", [16]], ["bias_hh", [16]],
    ]);
    for (const p of cell.parameters()) {
      expect(Math.max(...p.data)).toBeLessThanOrEqual(0.25);
      expect(Math.min(...p.data)).toBeGreaterThanOrEqual(-0.25);
    }
    expect(Math.max(...cell.weight_ih.data)).toBeGreaterThan(0.24);
    expect(new RNNCell(2, 3, { bias: false }).parameters().length).toBe(2);
  });

  test("unrolled over 4 steps matches PyTorch", () => {
    const c = loadCase("layer_rnn_cell_unrolled_4");
    const cell = new RNNCell(3, 5);
    loadCell(cell, c);
    const x = c.leaf("x");
    const h0 = c.leaf("h0");
    const hs: Tensor[] = [];
    let h = h0;
    for (let t = 0; t < 4; t++) hs.push((h = cell.forward(x.select(0, t), h)));
    hs.forEach((ht, t) => expectClose(ht, c.value(`h${t + 1}`), `h${t + 1}`));
    stack(hs).mul(c.leaf("probe")).sum().backward();
    expectClose(x.grad, c.grad("x"), "dL/dx");
    expectClose(h0.grad, c.grad("h0"), "dL/dh0");
    expectCellGrads(cell, c);
  });

  test("relu nonlinearity, zero default state, unbatched input; finite-difference gradients", () => {
    manualSeed(1);
    const cell = new RNNCell(3, 2, { nonlinearity: "relu" });
    const x = randn([2, 3], { requiresGrad: true });
    const h = randn([2, 2], { requiresGrad: true });
    expectGradcheck(() => cell.forward(x, h), [x, h, ...cell.parameters()]);
    const y = cell.forward(x.select(0, 0).detach());
    expect(y.shape).toEqual([2]);
    expect([...y.data].every((v) => v >= 0)).toBe(true);
  });

  test("a wrong input size names the cell and the shape", () => {
    expect(() => new RNNCell(3, 2).forward(randn([4, 5]))).toThrow(/RNNCell\(3, 2\).*\[4, 5\]/);
    expect(() => new RNNCell(3, 2).forward(randn([4, 3]), randn([4, 3]))).toThrow(/rnnCell: weight_hh/);
  });
});

describe("LSTMCell", () => {
  test("unrolled over 4 steps matches PyTorch (gate order i, f, g, o)", () => {
    const c = loadCase("layer_lstm_cell_unrolled_4");
    const cell = new LSTMCell(3, 5);
    expect(cell.weight_ih.shape).toEqual([20, 3]);
    loadCell(cell, c);
    const x = c.leaf("x");
    const h0 = c.leaf("h0");
    const c0 = c.leaf("c0");
    const hs: Tensor[] = [];
    let state: [Tensor, Tensor] = [h0, c0];
    for (let t = 0; t < 4; t++) {
      state = cell.forward(x.select(0, t), state);
      hs.push(state[0]);
      expectClose(state[0], c.value(`h${t + 1}`), `h${t + 1}`);
      expectClose(state[1], c.value(`c${t + 1}`), `c${t + 1}`);
    }
    stack(hs).mul(c.leaf("probe")).sum().add(state[1].mul(c.leaf("probe_c")).sum()).backward();
    expectClose(x.grad, c.grad("x"), "dL/dx");
    expectClose(h0.grad, c.grad("h0"), "dL/dh0");
    expectClose(c0.grad, c.grad("c0"), "dL/dc0");
    expectCellGrads(cell, c);
  });

  test("finite-difference gradients through h and c", () => {
    manualSeed(2);
    const cell = new LSTMCell(2, 3);
    const x = randn([2, 2], { requiresGrad: true });
    const h = randn([2, 3], { requiresGrad: true });
    const cs = randn([2, 3], { requiresGrad: true });
    expectGradcheck(() => {
      const [h1, c1] = cell.forward(x, [h, cs]);
      return h1.add(c1.mul(0.7));
    }, [x, h, cs, ...cell.parameters()]);
    const [hz, cz] = cell.forward(x);
    expect(hz.shape).toEqual([2, 3]);
    expect(cz.shape).toEqual([2, 3]);
  });
});

describe("GRUCell", () => {
  test("values follow PyTorch's equations: r multiplies (W_hn h + b_hn)", () => {
    manualSeed(3);
    const cell = new GRUCell(2, 2);
    const x = randn([1, 2]);
    const h = randn([1, 2]);
    const y = cell.forward(x, h);
    // Plain-number evaluation of torch.nn.GRUCell's documented equations.
    const W = (t: Tensor, r: number, c: number, cols: number): number => t.data[r * cols + c];
    const sig = (v: number): number => 1 / (1 + Math.exp(-v));
    for (let j = 0; j < 2; j++) {
      const gi = (k: number): number => W(cell.weight_ih, k * 2 + j, 0, 2) * x.data[0] + W(cell.weight_ih, k * 2 + j, 1, 2) * x.data[1] + cell.bias_ih!.data[k * 2 + j];
      const gh = (k: number): number => W(cell.weight_hh, k * 2 + j, 0, 2) * h.data[0] + W(cell.weight_hh, k * 2 + j, 1, 2) * h.data[1] + cell.bias_hh!.data[k * 2 + j];
      const r = sig(gi(0) + gh(0));
      const z = sig(gi(1) + gh(1));
      const n = Math.tanh(gi(2) + r * gh(2));
      expect(y.data[j]).toBeCloseTo((1 - z) * n + z * h.data[j], 14);
    }
  });

  test("finite-difference gradients", () => {
    manualSeed(4);
    const cell = new GRUCell(3, 2);
    const x = randn([2, 3], { requiresGrad: true });
    const h = randn([2, 2], { requiresGrad: true });
    expectGradcheck(() => cell.forward(x, h), [x, h, ...cell.parameters()]);
    expect(cell.weight_ih.shape).toEqual([6, 3]);
  });
});
