import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { avgPool2d, conv1d, conv2d, maxPool2d } from "../../../src/engine/nn/convFunctional";
import { manualSeed } from "../../../src/engine/random";
import { randn, tensor } from "../../../src/engine/creation";
import { Tensor } from "../../../src/engine/tensor";
import { gradcheck, probeFor } from "../../helpers/gradcheck";
import { nnOps } from "../../../src/engine/ops/nn";
import { SHARED_CASES_DIR } from "../../helpers/referenceCases";

const leaf = (shape: number[]): Tensor => randn(shape, { requiresGrad: true });

/** Checks every input's gradient of sum(f(inputs) · probe) against central finite differences. */
function expectGradsMatch(f: (...x: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const probe = probeFor(f(...inputs).shape, 3);
  const r = gradcheck((...x) => f(...x).mul(probe).sum(), inputs);
  expect(r.ok, r.report).toBe(true);
}

/** Direct definition of PyTorch's conv2d (cross-correlation, zero padding), independent of im2col. */
function directConv(x: Tensor, w: Tensor, b: Tensor | null, [sh, sw]: number[], [ph, pw]: number[], [dh, dw]: number[]): { data: Float64Array; shape: number[] } {
  const [N, C, H, W] = x.shape;
  const [O, , kh, kw] = w.shape;
  const Ho = Math.floor((H + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const Wo = Math.floor((W + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  const out = new Float64Array(N * O * Ho * Wo);
  for (let n = 0; n < N; n++)
    for (let o = 0; o < O; o++)
      for (let i = 0; i < Ho; i++)
        for (let j = 0; j < Wo; j++) {
          let s = b ? b.data[o] : 0;
          for (let c = 0; c < C; c++)
            for (let u = 0; u < kh; u++)
              for (let v = 0; v < kw; v++) {
                const h = i * sh - ph + u * dh;
                const q = j * sw - pw + v * dw;
                if (h >= 0 && h < H && q >= 0 && q < W) s += x.data[((n * C + c) * H + h) * W + q] * w.data[((o * C + c) * kh + u) * kw + v];
              }
          out[((n * O + o) * Ho + i) * Wo + j] = s;
        }
  return { data: out, shape: [N, O, Ho, Wo] };
}

describe("conv2d forward matches the direct definition", () => {
  const geometries: { x: number[]; w: number[]; stride: number[]; padding: number[]; dilation: number[] }[] = [
    { x: [2, 3, 7, 6], w: [4, 3, 3, 3], stride: [1, 1], padding: [0, 0], dilation: [1, 1] },
    { x: [1, 2, 9, 8], w: [3, 2, 3, 2], stride: [2, 3], padding: [1, 2], dilation: [2, 1] },
    { x: [3, 1, 5, 5], w: [2, 1, 5, 5], stride: [1, 1], padding: [2, 2], dilation: [1, 1] },
    { x: [2, 16, 12, 12], w: [8, 16, 3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1] },
    { x: [1, 2, 4, 4], w: [1, 2, 1, 1], stride: [3, 3], padding: [0, 0], dilation: [1, 1] },
    { x: [1, 1, 3, 3], w: [1, 1, 2, 2], stride: [1, 1], padding: [4, 4], dilation: [1, 1] },
  ];
  for (const g of geometries) {
    test(`x ${g.x} w ${g.w} stride ${g.stride} padding ${g.padding} dilation ${g.dilation}`, () => {
      manualSeed(7);
      const x = randn(g.x);
      const w = randn(g.w);
      const b = randn([g.w[0]]);
      for (const bias of [b, null]) {
        const y = conv2d(x, w, bias, { stride: g.stride as [number, number], padding: g.padding as [number, number], dilation: g.dilation as [number, number] });
        const want = directConv(x, w, bias, g.stride, g.padding, g.dilation);
        expect(y.shape).toEqual(want.shape);
        y.data.forEach((v, i) => expect(Math.abs(v - want.data[i])).toBeLessThan(1e-12 * (1 + Math.abs(want.data[i]))));
      }
    });
  }
});

describe("finite differences", () => {
  test("conv2d stride 1, no padding, bias", () => {
    manualSeed(1);
    expectGradsMatch((x, w, b) => conv2d(x, w, b), [leaf([2, 2, 5, 4]), leaf([3, 2, 3, 2]), leaf([3])]);
  });
  test("conv2d stride 2, padding 1, no bias", () => {
    manualSeed(2);
    expectGradsMatch((x, w) => conv2d(x, w, null, { stride: 2, padding: 1 }), [leaf([2, 3, 6, 7]), leaf([2, 3, 3, 3])]);
  });
  test("conv2d dilation 2, padding 2, bias", () => {
    manualSeed(3);
    expectGradsMatch((x, w, b) => conv2d(x, w, b, { padding: 2, dilation: 2 }), [leaf([1, 2, 6, 6]), leaf([2, 2, 3, 3]), leaf([2])]);
  });
  test("conv2d with per-dim stride, padding and dilation", () => {
    manualSeed(4);
    expectGradsMatch((x, w, b) => conv2d(x, w, b, { stride: [2, 1], padding: [0, 1], dilation: [1, 2] }), [leaf([2, 2, 7, 6]), leaf([3, 2, 2, 3]), leaf([3])]);
  });
  test("conv2d on an unbatched 3-D input", () => {
    manualSeed(5);
    const x = leaf([2, 5, 5]);
    expect(conv2d(x, randn([3, 2, 3, 3]), null, { padding: 1 }).shape).toEqual([3, 5, 5]);
    expectGradsMatch((xi, w) => conv2d(xi, w, null, { padding: 1 }), [x, leaf([3, 2, 3, 3])]);
  });
  test("conv1d stride 2, padding 1, dilation 2, with and without bias", () => {
    manualSeed(6);
    expectGradsMatch((x, w, b) => conv1d(x, w, b, { stride: 2, padding: 1, dilation: 2 }), [leaf([2, 3, 11]), leaf([4, 3, 3]), leaf([4])]);
    expectGradsMatch((x, w) => conv1d(x, w), [leaf([3, 9]), leaf([2, 3, 4])]);
  });
  test("maxPool2d non-overlapping (k2 s2) and overlapping (k3 s1 p1, k(3,2) s(2,1) p(1,0))", () => {
    manualSeed(7);
    expectGradsMatch((x) => maxPool2d(x, 2), [leaf([2, 3, 6, 6])]);
    expectGradsMatch((x) => maxPool2d(x, 3, { stride: 1, padding: 1 }), [leaf([1, 2, 5, 6])]);
    expectGradsMatch((x) => maxPool2d(x, [3, 2], { stride: [2, 1], padding: [1, 0] }), [leaf([2, 1, 7, 5])]);
  });
  test("avgPool2d with countIncludePad true and false", () => {
    manualSeed(8);
    expectGradsMatch((x) => avgPool2d(x, 2), [leaf([2, 3, 6, 5])]);
    for (const countIncludePad of [true, false]) {
      expectGradsMatch((x) => avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad }), [leaf([1, 2, 7, 7])]);
      expectGradsMatch((x) => avgPool2d(x, [2, 3], { stride: 1, padding: [1, 1], countIncludePad }), [leaf([2, 1, 4, 5])]);
    }
  });
});

describe("pooling conventions", () => {
  test("maxPool2d: padding is -inf, ties send the gradient to the first maximum, overlaps add up", () => {
    const x = tensor([[[[-5, -3], [-4, -6]]]], { requiresGrad: true });
    // Padded windows of an all-negative input still pick a real value, never the padding.
    expect(Array.from(maxPool2d(x, 2, { stride: 1, padding: 1 }).data)).toEqual([-5, -3, -3, -4, -3, -3, -4, -4, -6]);
    const t = tensor([[[[1, 2, 2], [2, 0, 1]]]], { requiresGrad: true });
    maxPool2d(t, [2, 2], { stride: 1 }).sum().backward();
    // Window 1 (cols 0-1) has 2 at (0,1) and (1,0): the first in row-major order wins; window 2 picks (0,1) too.
    expect(Array.from(t.grad!.data)).toEqual([0, 2, 0, 0, 0, 0]);
  });
  test("maxPool2d backward without the forward's saved argmax finds the same windows", () => {
    manualSeed(10);
    const x = leaf([2, 2, 5, 5]);
    const attrs = { kernelSize: [3, 3], stride: [2, 2], padding: [1, 1] } as const;
    const y = maxPool2d(x, 3, { stride: 2, padding: 1 });
    const g = probeFor(y.shape);
    const [saved] = nnOps.maxPool2d.backward(g, [x], y, attrs);
    // A copy of y has storage the op never saw, so backward searches the windows again.
    const [recomputed] = nnOps.maxPool2d.backward(g, [x], y.clone(), attrs);
    expect(Array.from(recomputed!.data)).toEqual(Array.from(saved!.data));
    expect(saved!.data.some((v) => v !== 0)).toBe(true);
  });
  test("maxPool2d propagates NaN", () => {
    const y = maxPool2d(tensor([[[[1, NaN], [3, 2]]]]), 2);
    expect(y.data[0]).toBeNaN();
  });
  test("avgPool2d: countIncludePad divides by the window area, otherwise by the real elements", () => {
    const x = tensor([[[[1, 2], [3, 4]]]]);
    expect(Array.from(avgPool2d(x, 2, { stride: 2, padding: 1 }).data)).toEqual([0.25, 0.5, 0.75, 1]);
    expect(Array.from(avgPool2d(x, 2, { stride: 2, padding: 1, countIncludePad: false }).data)).toEqual([1, 2, 3, 4]);
  });
  test("conv2d computes no gradient for inputs that do not require it", () => {
    manualSeed(9);
    const x = randn([1, 1, 4, 4]);
    const w = leaf([1, 1, 2, 2]);
    conv2d(x, w).sum().backward();
    expect(x.grad).toBeNull();
    expect(w.grad!.shape).toEqual([1, 1, 2, 2]);
  });
});

describe("errors name the op, the shapes and the rule", () => {
  const x = randn([2, 3, 5, 5]);
  test.each([
    [() => conv2d(randn([3, 5]), randn([4, 3, 3, 3])), /conv2d: expected a 4-D input .*got shape \[3, 5\]/],
    [() => conv2d(x, randn([4, 3, 3])), /conv2d: weight must be 4-D .*\[4, 3, 3\]/],
    [() => conv2d(x, randn([4, 2, 3, 3])), /conv2d: the input has 3 channels .*weight \[4, 2, 3, 3\] expects 2/],
    [() => conv2d(x, randn([4, 3, 3, 3]), randn([3])), /conv2d: bias must have shape \[4\].*got \[3\]/],
    [() => conv2d(x, randn([4, 3, 7, 3])), /conv2d: kernel \(7, 3\).*larger than the padded input 5×5/],
    [() => conv2d(x, randn([4, 3, 3, 3]), null, { dilation: 3 }), /conv2d: kernel \(3, 3\) with dilation \(3, 3\) spans 7×7/],
    [() => conv2d(x, randn([4, 3, 3, 3]), null, { stride: 0 }), /conv2d: stride must be an integer ≥ 1/],
    [() => conv1d(randn([2, 3, 5]), randn([4, 2, 3])), /conv1d: the input has 3 channels/],
    [() => conv1d(randn([2, 3, 5, 1]), randn([4, 3, 3])), /conv1d: expected a 3-D input/],
    [() => maxPool2d(randn([5, 5]), 2), /maxPool2d: expected a 4-D input/],
    [() => maxPool2d(x, 3, { padding: 2 }), /maxPool2d: padding \(2, 2\) must be at most half of the kernel size \(3, 3\)/],
    [() => avgPool2d(x, 6), /avgPool2d: kernel \(6, 6\).*larger than the padded input 5×5/],
  ])("%#", (run, message) => {
    expect(run).toThrow(message);
  });
});

const CASES_DIR = SHARED_CASES_DIR;

interface RefTensor {
  name: string;
  shape: number[];
  data: number[];
}
interface RefCase {
  inputs: RefTensor[];
  params: RefTensor[];
  ops: { op: string; attrs: Record<string, unknown> }[];
  loss: number;
  grads: Record<string, { shape: number[]; data: number[] }>;
  intermediates: { name: string; data: number[] }[];
}

/** max|a − b| ≤ 1e-9 · max|b|: each tensor against its own scale (SCHEMA.md). */
function expectClose(what: string, got: ArrayLike<number>, want: readonly number[]): void {
  expect(got.length, what).toBe(want.length);
  const scale = Math.max(...want.map(Math.abs));
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  expect(worst, `${what}: max error ${worst} vs scale ${scale}`).toBeLessThanOrEqual(1e-9 * scale + 1e-300);
}

describe("PyTorch reference cases", () => {
  const names = ["layer_conv2d_s1_p0", "layer_conv2d_s2_p1", "layer_maxpool2d_k2_s2", "layer_avgpool2d_k2_s2", "layer_avgpool2d_k3_s2_p1_include_pad"];
  for (const name of names) {
    test(name, () => {
      const c = JSON.parse(readFileSync(`${CASES_DIR}/${name}.json`, "utf8")) as RefCase;
      const leaves = new Map<string, Tensor>();
      for (const t of [...c.inputs, ...c.params]) leaves.set(t.name, tensor(t.data, t.shape, { requiresGrad: t.name !== "probe" }));
      const get = (n: string): Tensor => leaves.get(n)!;
      const [op] = c.ops;
      const a = op.attrs as { stride: [number, number]; padding: [number, number]; kernel_size?: [number, number]; count_include_pad?: boolean };
      const y =
        op.op === "conv2d"
          ? conv2d(get("x"), get("W"), leaves.get("b") ?? null, { stride: a.stride, padding: a.padding })
          : op.op === "max_pool2d"
            ? maxPool2d(get("x"), a.kernel_size!, { stride: a.stride, padding: a.padding })
            : avgPool2d(get("x"), a.kernel_size!, { stride: a.stride, padding: a.padding, countIncludePad: a.count_include_pad });
      expectClose("y", y.data, c.intermediates[0].data);
      const loss = y.mul(get("probe")).sum();
      expect(Math.abs(loss.item() - c.loss)).toBeLessThanOrEqual(1e-9 * Math.abs(c.loss));
      loss.backward();
      for (const [leafName, g] of Object.entries(c.grads)) expectClose(`grad ${leafName}`, get(leafName).grad!.data, g.data);
    });
  }
});
