// Helpers for the nn module tests: load a PyTorch reference case (../shared/reference, SCHEMA.md),
// compare tensors against it (each against its own scale), and finite-difference a module.
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { Tensor } from "../../../src/engine/tensor";
import { gradcheck, probeFor } from "../../helpers/gradcheck";
import { type RefCaseFile, SHARED_CASES_DIR, decodeNumbers } from "../../helpers/referenceCases";

const CASES_DIR = SHARED_CASES_DIR;

/** A reference case with its leaves as engine tensors. */
export interface RefCase {
  json: RefCaseFile;
  /** Inputs and params by name, as fresh leaves (requiresGrad as in the case). */
  leaf(name: string): Tensor;
  /** dL/d(name) from PyTorch. */
  grad(name: string): Float64Array;
  /** The value of an op output. */
  value(name: string): Float64Array;
}

/** Loads cases/<name>.json. */
export function loadCase(name: string): RefCase {
  const json = JSON.parse(readFileSync(`${CASES_DIR}/${name}.json`, "utf8")) as RefCaseFile;
  const leaves = new Map<string, Tensor>();
  for (const r of [...json.inputs, ...json.params]) {
    const dtype = r.dtype === "int64" ? "int64" : "float64";
    leaves.set(r.name, Tensor.leaf(decodeNumbers(r.data), r.shape, { dtype, requiresGrad: dtype === "float64" && (r.requires_grad ?? true) }));
  }
  const get = <T>(m: Map<string, T>, k: string, what: string): T => {
    const v = m.get(k);
    if (v === undefined) throw new Error(`${name}: no ${what} named ${k}`);
    return v;
  };
  const values = new Map(json.intermediates.map((i) => [i.name, decodeNumbers(i.data)]));
  const grads = new Map(Object.entries(json.grads).map(([k, g]) => [k, decodeNumbers(g.data)]));
  return { json, leaf: (k) => get(leaves, k, "leaf"), grad: (k) => get(grads, k, "gradient"), value: (k) => get(values, k, "intermediate") };
}

/** Expects max|a − e| ≤ rtol·max|e| (SCHEMA.md's per-tensor comparison). */
export function expectClose(actual: Tensor | Float64Array | null | undefined, expected: ArrayLike<number>, what: string, rtol = 1e-9): void {
  const a = actual instanceof Tensor ? actual.data : actual;
  if (a === null || a === undefined) throw new Error(`${what}: no value (gradient missing?)`);
  expect(a.length, `${what}: element count`).toBe(expected.length);
  let scale = 0;
  let err = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    err = Math.max(err, Math.abs(a[i] - expected[i]));
  }
  expect(err, `${what}: max |diff| ${err} against scale ${scale}`).toBeLessThanOrEqual(rtol * scale + 1e-300);
}

/** Copies reference values into a module's parameter (shapes must match). */
export function load(param: Tensor | null, values: Tensor | Float64Array): void {
  if (param === null) throw new Error("load: the module has no such parameter");
  const v = values instanceof Tensor ? values.data : values;
  expect(v.length, "load: element count").toBe(param.numel);
  param.data.set(v);
}

/**
 * Central finite differences of L = Σ out·probe with respect to every tensor in `wrt` that requires
 * grad (parameters and inputs); `out` must recompute from them.
 */
export function expectGradcheck(out: () => Tensor, wrt: readonly Tensor[]): void {
  const shape = out().shape;
  const probe = probeFor(shape);
  const r = gradcheck(() => out().mul(probe).sum(), [...wrt]);
  expect(r.ok, r.report).toBe(true);
}
