// Custom ops (as torch.autograd.Function): a user-written backward is used by the walker, checked by
// finite differences, and mistakes in its return value are errors that name the op.
import { describe, expect, test } from "vitest";
import { customOp } from "../../src/engine/customOp";
import { param, randn, tensor } from "../../src/engine/creation";
import { manualSeed } from "../../src/engine/random";
import { ShapeError } from "../../src/engine/shape";
import type { Tensor } from "../../src/engine/tensor";
import { gradcheck, probeFor } from "../helpers/gradcheck";

/** f(a, b) = a · tanh(b), elementwise, with a broadcastable b. */
const mulTanh = customOp("mulTanh", {
  forward: (a, b) => a.mul(b.tanh()),
  backward: (g, [a, b]) => {
    const t = b.tanh();
    return [g.mul(t), g.mul(a).mul(t.mul(t).neg().add(1))];
  },
});

/** The same op with a classic mistake: d/db tanh(b) taken as 1 − tanh(b) instead of 1 − tanh²(b). */
const mulTanhWrong = customOp("mulTanhWrong", {
  forward: (a, b) => a.mul(b.tanh()),
  backward: (g, [a, b]) => [g.mul(b.tanh()), g.mul(a).mul(b.tanh().neg().add(1))],
});

describe("customOp", () => {
  manualSeed(11);
  const a = param(randn([3, 4]));
  const b = param(randn([4]));
  const probe = probeFor([3, 4]);

  test("a correct backward passes the finite-difference check (gradient of the broadcast b summed down by the walker)", () => {
    const r = gradcheck((x, y) => mulTanh(x, y).mul(probe).sum(), [a, b]);
    expect(r.ok, r.report).toBe(true);
    expect(b.grad!.shape).toEqual([4]);
  });

  test("the output is a graph node named after the op, with its inputs as parents", () => {
    const y = mulTanh(a, b);
    expect(y.op).toBe("mulTanh");
    expect(y.parents).toEqual([a, b]);
    expect(Array.from(y.data)).toEqual(Array.from(a.mul(b.tanh()).data));
  });

  test("a wrong backward is caught by the finite-difference check, at the input it gets wrong", () => {
    const r = gradcheck((x, y) => mulTanhWrong(x, y).mul(probe).sum(), [a, b]);
    expect(r.ok).toBe(false);
    expect(r.worst.input).toBe(1);
    expect(r.report).toMatch(/input 1\[/);
  });

  test("null means no gradient for that input", () => {
    const scaleBy = customOp("scaleBy", { forward: (x, s) => x.mul(s), backward: (g, [, s]) => [g.mul(s), null] });
    const x = param([1, 2]);
    const s = param(3);
    scaleBy(x, s).sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([3, 3]);
    expect(s.grad).toBeNull();
  });

  test("returning the wrong number of gradients is an error naming the op", () => {
    const bad = customOp("twoInputsOneGrad", { forward: (x, y) => x.add(y), backward: (g) => [g] });
    const y = bad(param([1, 2]), param([3, 4])).sum();
    expect(() => y.backward()).toThrow(ShapeError);
    expect(() => bad(param([1, 2]), param([3, 4])).sum().backward()).toThrow(/twoInputsOneGrad: custom backward must return 2 gradient\(s\).*got 1/);
  });

  test("returning a gradient of the wrong shape is an error naming the op and the shapes", () => {
    const x = () => param(randn([2, 3]));
    const wrongSize = customOp("wrongSize", { forward: (t) => t.mul(2), backward: (g) => [g.sum(0)] });
    expect(() => wrongSize(x()).sum().backward()).toThrow(/wrongSize: .*gradient of shape \[3\] for input 0 of shape \[2, 3\]/);
    // Same number of elements, wrong layout: caught when the walker fits the gradient to the input.
    const transposed = customOp("transposedGrad", { forward: (t) => t.mul(2), backward: (g) => [g.t()] });
    expect(() => transposed(x()).sum().backward()).toThrow(/transposedGrad: .*\[3, 2\].*\[2, 3\]/);
  });

  test("forward runs without recording: only the custom node appears in the graph", () => {
    const twice = customOp("twice", { forward: (t: Tensor) => t.mul(2).add(0), backward: (g) => [g.mul(2)] });
    const x = param([1, 2, 3]);
    const y = twice(x);
    expect(y.parents).toEqual([x]);
    y.mul(tensor([1, 10, 100])).sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([2, 20, 200]);
  });
});
