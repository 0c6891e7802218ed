import { describe, expect, test } from "vitest";
import { Tensor } from "../../src/engine/tensor";
import { param, tensor, zeros, scalar } from "../../src/engine/creation";
import { noGrad } from "../../src/engine/autograd";
import { ShapeError } from "../../src/engine/shape";
import { stack } from "../../src/engine/shapeFns";

describe("Tensor basics", () => {
  test("nested arrays give shape, numel, row-major data and back", () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.numel).toBe(6);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor([1, 2, 3, 4], [2, 2]).toArray()).toEqual([[1, 2], [3, 4]]);
  });

  test("0-d tensors: item() and toArray()", () => {
    const s = scalar(2.5);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(2.5);
    expect(s.toArray()).toBe(2.5);
    expect(() => tensor([1, 2]).item()).toThrow(/only one-element tensors.*\[2\]/);
  });

  test("ragged arrays and bad shapes are refused with the rule", () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(/3 values do not fill shape \[2, 2\]/);
    expect(() => tensor([1.5], { dtype: "int64" })).toThrow(/int64 needs integer values/);
  });

  test("broadcasting follows NumPy and mismatches name the op, both shapes and the dim", () => {
    const a = tensor([[1], [2]]);
    const b = tensor([10, 20, 30]);
    expect(a.add(b).toArray()).toEqual([[11, 21, 31], [12, 22, 32]]);
    const err = (() => {
      try {
        tensor([[1, 2, 3]]).mul(zeros([2, 2]));
      } catch (e) {
        return e as ShapeError;
      }
      throw new Error("no error");
    })();
    expect(err).toBeInstanceOf(ShapeError);
    expect(err.message).toMatch(/^mul: shapes \[1, 3\] and \[2, 2\] cannot be broadcast: dim -1 has sizes 3 and 2/);
  });

  test("matmul inner-dim mismatch names both shapes", () => {
    expect(() => zeros([2, 3]).matmul(zeros([4, 5]))).toThrow(/matmul: inner dims do not match: \[2, 3\] @ \[4, 5\]/);
  });

  test("a reused tensor sums the gradients of every path (lecture: x used three times)", () => {
    const x = param(3);
    const y = param(-2);
    const f = x.mul(x).add(x.mul(y)).add(x.add(y).pow(2));
    f.backward();
    expect(x.grad!.item()).toBe(2 * 3 + -2 + 2 * (3 + -2));
    expect(y.grad!.item()).toBe(3 + 2 * (3 + -2));
  });

  test("gradients accumulate across backward calls until cleared", () => {
    const w = param([1, 2]);
    w.mul(3).sum().backward();
    w.mul(3).sum().backward();
    expect(Array.from(w.grad!.data)).toEqual([6, 6]);
  });

  test("backward on a non-scalar needs a gradient and says so", () => {
    const w = param([1, 2]);
    expect(() => w.mul(2).backward()).toThrow(/backward\(\): the output has shape \[2\], not a scalar; pass a gradient/);
    w.mul(2).backward(tensor([1, 10]));
    expect(Array.from(w.grad!.data)).toEqual([2, 20]);
  });

  test("backward without any parameter says why", () => {
    expect(() => tensor([1, 2]).sum().backward()).toThrow(/does not require grad/);
  });

  test("noGrad records no graph; detach cuts it", () => {
    const w = param([1, 2]);
    const y = noGrad(() => w.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.parents).toEqual([]);
    const z = w.mul(2).detach();
    expect(z.requiresGrad).toBe(false);
    expect(z.op).toBe("leaf");
  });

  test("each output keeps its op name and ordered parents", () => {
    const a = param([1, 2]);
    const b = param([3, 4]);
    const c = a.sub(b);
    expect(c.op).toBe("sub");
    expect(c.parents).toEqual([a, b]);
  });

  test("retainGrad keeps an intermediate's gradient", () => {
    const x = param([1, -2, 3]);
    const h = x.mul(2).retainGrad();
    h.pow(2).sum().backward();
    expect(Array.from(h.grad!.data)).toEqual([4, -8, 12]);
  });

  test("matmul follows torch.matmul's 1-D rules", () => {
    const m = tensor([[1, 2], [3, 4], [5, 6]]);
    const v = tensor([1, 1]);
    expect(m.matmul(v).shape).toEqual([3]);
    expect(tensor([1, 1, 1]).matmul(m).shape).toEqual([2]);
    expect(v.matmul(v).shape).toEqual([]);
    expect(zeros([5, 3, 2]).matmul(v).shape).toEqual([5, 3]);
  });

  test("shape functions give PyTorch shapes", () => {
    const x = zeros([2, 1, 3]);
    expect(x.squeeze().shape).toEqual([2, 3]);
    expect(x.unsqueeze(-1).shape).toEqual([2, 1, 3, 1]);
    expect(x.flatten(1).shape).toEqual([2, 3]);
    expect(x.permute(2, 0, 1).shape).toEqual([3, 2, 1]);
    expect(x.expand(4, 2, 5, 3).shape).toEqual([4, 2, 5, 3]);
    expect(x.select(2, -1).shape).toEqual([2, 1]);
    expect(stack([x, x], 1).shape).toEqual([2, 2, 1, 3]);
    expect(tensor([0, 1, 2, 3, 4, 5, 6]).slice(0, 1, null, 3).toArray()).toEqual([1, 4]);
    expect(() => x.expand(3, 1, 3)).toThrow(/expand: shapes \[2, 1, 3\] and \[3, 1, 3\] cannot be broadcast/);
    expect(() => x.reshape(4, -1)).toThrow(/reshape: cannot reshape \[2, 1, 3\]/);
  });

  test("reductions: max over all splits ties; var is unbiased by default", () => {
    const x = param([[1, 3], [3, 2]]);
    x.max().backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 0.5, 0.5, 0]);
    const y = param([[1, 3], [3, 2]]);
    y.max(1).sum().backward();
    expect(Array.from(y.grad!.data)).toEqual([0, 1, 1, 0]);
    expect(tensor([1, 2, 3, 4]).var().item()).toBeCloseTo(5 / 3, 14);
    expect(tensor([1, 2, 3, 4]).var(null, { correction: 0 }).item()).toBeCloseTo(1.25, 14);
  });

  test("index ops refuse non-integer and out-of-range indices, naming them", () => {
    expect(() => zeros([2, 3]).gather(1, tensor([[0.5, 1, 1], [0, 0, 0]]))).toThrow(/gather: index must hold integers, got 0.5/);
    expect(() => zeros([2, 3]).indexSelect(0, tensor([2]))).toThrow(/indexSelect: index 2 at flat position 0 is out of range \[0, 2\)/);
    expect(() => zeros([2, 3]).sum(2)).toThrow(/sum: dim 2 is out of range for a tensor of rank 2/);
  });

  test("NaN propagates through relu and reductions, as in PyTorch (anomalies stay visible)", () => {
    const x = tensor([NaN, -1, 2, -Infinity]);
    expect(Array.from(x.relu().data)).toEqual([NaN, 0, 2, 0]);
    expect(x.max().item()).toBeNaN();
    expect(x.sum().item()).toBeNaN();
  });

  test("requiresGrad only on float leaves", () => {
    const t = tensor([1, 2], { dtype: "int64" });
    expect(() => (t.requiresGrad = true)).toThrow(/only float64 tensors can require gradients/);
    expect(() => (param([1]).mul(2).requiresGrad = false)).toThrow(/leaf/);
    expect(t).toBeInstanceOf(Tensor);
  });
});
