// The PyTorch reference test: every case in ../shared/reference/cases (or $BACKPROP_REFERENCE_DIR)
// is run through the engine by the interpreter in referenceOps.ts, and the loss, every leaf
// gradient, and every intermediate value and gradient are compared with PyTorch's, each tensor
// against its own scale (SCHEMA.md, "Comparing an implementation against these files").
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { manualSeed } from "../../src/engine/random";
import { param, randn, tensor } from "../../src/engine/creation";
import { gradcheck, probeFor } from "../helpers/gradcheck";
import { clone } from "../../src/engine/shapeFns";
import type { Tensor } from "../../src/engine/tensor";
import { type RefOp, type RunContext, type SchemaOpName, isSchemaOp, referenceOps } from "./referenceOps";
import { type RefCaseFile, SHARED_CASES_DIR, decodeNumbers } from "../helpers/referenceCases";

const CASES_DIR = process.env.BACKPROP_REFERENCE_DIR ?? SHARED_CASES_DIR;
/** Relative tolerance of a float64 engine (a different summation order gives ~1e-15 to 1e-13). */
const RTOL = 1e-9;
/** Absolute floor, so that an all-zero reference tensor is matched by an all-zero one. */
const TINY = 1e-300;
/** Analytically-zero gradients: |g| ≤ ZERO_TOL × the largest gradient of the case. */
const ZERO_TOL = 1e-12;

/** One comparison of an engine tensor with PyTorch's. */
interface Check {
  what: string;
  /** max|a − b| / max|b| (or, for analytically-zero grads, max|a| / largest gradient of the case). */
  rel: number;
  ok: boolean;
  detail: string;
}

/** Compares values elementwise: non-finite entries must match exactly, finite ones within RTOL of the tensor's scale. */
function compare(what: string, actual: Float64Array, actualShape: readonly number[], expected: Float64Array, expectedShape: readonly number[]): Check {
  if (actualShape.join() !== expectedShape.join()) {
    return { what, rel: Infinity, ok: false, detail: `shape [${actualShape.join(", ")}], PyTorch [${expectedShape.join(", ")}]` };
  }
  let scale = 0;
  for (const b of expected) if (Number.isFinite(b)) scale = Math.max(scale, Math.abs(b));
  let maxDiff = 0;
  let worst = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const b = expected[i];
    const diff = Number.isFinite(b) ? Math.abs(a - b) : Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) ? 0 : Infinity;
    if (!(diff <= maxDiff)) {
      maxDiff = Number.isNaN(diff) ? Infinity : diff;
      worst = i;
    }
  }
  const rel = maxDiff === 0 ? 0 : maxDiff / scale;
  const ok = maxDiff <= RTOL * scale + TINY;
  const detail = worst < 0 ? "exact" : `worst at flat ${worst}: engine ${actual[worst]}, PyTorch ${expected[worst]} (scale ${scale.toExponential(3)})`;
  return { what, rel, ok, detail };
}

function loadCases(): RefCaseFile[] {
  if (!existsSync(CASES_DIR)) throw new Error(`reference cases not found in ${CASES_DIR} (set BACKPROP_REFERENCE_DIR)`);
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith(".json") && f !== "index.json")
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(CASES_DIR, f), "utf8")) as RefCaseFile);
}

interface RunResult {
  checks: Check[];
}

/** Runs a case's program on the engine, backpropagates from its loss and compares everything. */
function runCase(c: RefCaseFile): RunResult {
  const env = new Map<string, Tensor>();
  for (const t of [...c.inputs, ...c.params.map((p) => ({ ...p, requires_grad: true }))]) {
    env.set(t.name, tensor(decodeNumbers(t.data), t.shape, { dtype: t.dtype, requiresGrad: t.requires_grad === true }));
  }
  const leaves = new Set(env.values());
  const ctx: RunContext = { runningStats: [] };
  for (const rec of c.ops) {
    if (!isSchemaOp(rec.op)) throw new Error(`${c.name}: op ${rec.op} is not in SCHEMA.md`);
    const ins = rec.inputs.map((n) => {
      const t = env.get(n);
      if (t === undefined) throw new Error(`${c.name}: op ${rec.op} reads ${n}, which no earlier op produced`);
      return t;
    });
    const result = referenceOps[rec.op](ins, rec.attrs, ctx);
    const outs = Array.isArray(result) ? (result as readonly Tensor[]) : [result as Tensor];
    if (outs.length !== rec.outputs.length) throw new Error(`${c.name}: op ${rec.op} gave ${outs.length} outputs, the case names ${rec.outputs.length}`);
    rec.outputs.forEach((name, k) => {
      // NOTE: an op the engine implements as a no-op returns its input; PyTorch makes a new node,
      // whose gradient counts only its own uses. A copy keeps the retained gradients comparable.
      const out = ins.includes(outs[k]) || leaves.has(outs[k]) ? clone(outs[k]) : outs[k];
      out.retainGrad();
      env.set(name, out);
    });
  }
  const loss = env.get(c.loss_name);
  if (loss === undefined) throw new Error(`${c.name}: no tensor named ${c.loss_name}`);
  loss.backward();

  const checks: Check[] = [compare("loss", loss.data, loss.shape, new Float64Array([c.loss]), [])];
  const zero = new Set(c.analytically_zero_grads);
  let caseScale = 0;
  for (const g of Object.values(c.grads)) for (const v of decodeNumbers(g.data)) caseScale = Math.max(caseScale, Math.abs(v));
  for (const [name, g] of Object.entries(c.grads)) {
    const leaf = env.get(name)!;
    const ours = leaf.grad?.data ?? new Float64Array(leaf.numel);
    if (zero.has(name)) {
      let m = 0;
      for (const v of ours) m = Math.max(m, Math.abs(v));
      const ok = m <= ZERO_TOL * caseScale;
      checks.push({ what: `grad ${name} (analytically 0)`, rel: m / caseScale, ok, detail: `max |g| ${m} vs case scale ${caseScale}` });
    } else {
      checks.push(compare(`grad ${name}`, ours, leaf.grad?.shape ?? leaf.shape, decodeNumbers(g.data), g.shape));
    }
  }
  for (const im of c.intermediates) {
    const t = env.get(im.name);
    if (t === undefined) {
      checks.push({ what: `value ${im.name}`, rel: Infinity, ok: false, detail: "not produced by the program" });
      continue;
    }
    checks.push(compare(`value ${im.name}`, t.data, t.shape, decodeNumbers(im.data), im.shape));
    if (im.grad !== null) {
      checks.push(compare(`grad ${im.name}`, t.grad?.data ?? new Float64Array(t.numel), t.shape, decodeNumbers(im.grad), im.shape));
    } else if (t.grad !== null) {
      checks.push(compare(`grad ${im.name} (PyTorch: none)`, t.grad.data, t.shape, new Float64Array(t.numel), t.shape));
    }
  }
  checks.push(...runningStatChecks(c, ctx));
  return { checks };
}

/** BatchNorm running statistics after the one training step, when the case records them. */
function runningStatChecks(c: RefCaseFile, ctx: RunContext): Check[] {
  const mean = c.extras?.running_mean_after_one_step;
  const variance = c.extras?.running_var_after_one_step;
  if (!Array.isArray(mean) || !Array.isArray(variance)) return [];
  if (ctx.runningStats.length !== 1) return [{ what: "running stats", rel: Infinity, ok: false, detail: `expected one batch_norm, ran ${ctx.runningStats.length}` }];
  const [s] = ctx.runningStats;
  return [
    compare("running_mean", s.mean.data, s.mean.shape, decodeNumbers(mean as number[]), [mean.length]),
    compare("running_var", s.var.data, s.var.shape, decodeNumbers(variance as number[]), [variance.length]),
  ];
}

const cases = loadCases();
const summary: { name: string; rel: number; ok: boolean }[] = [];

describe("PyTorch reference cases", () => {
  test("the case folder holds the cases index.json lists", () => {
    const indexFile = path.join(CASES_DIR, "index.json");
    expect(cases.length).toBeGreaterThan(0);
    if (existsSync(indexFile)) {
      const index = JSON.parse(readFileSync(indexFile, "utf8")) as { count: number; cases: { name: string }[] };
      expect(cases.map((c) => c.name).sort()).toEqual(index.cases.map((c) => c.name).sort());
      expect(cases.length).toBe(index.count);
    }
  });

  for (const c of cases) {
    test(c.name, () => {
      const { checks } = runCase(c);
      const worst = checks.filter((k) => !k.what.includes("analytically")).reduce((a, b) => (b.rel > a.rel ? b : a));
      const failed = checks.filter((k) => !k.ok);
      const line = `${c.name.padEnd(44)} max rel err ${worst.rel.toExponential(2)}  (${worst.what})${failed.length ? `  FAILED: ${failed.map((k) => k.what).join(", ")}` : ""}`;
      console.log(line);
      summary.push({ name: c.name, rel: worst.rel, ok: failed.length === 0 });
      expect(failed.map((k) => `${k.what}: rel ${k.rel.toExponential(2)}; ${k.detail}`), c.description).toEqual([]);
    });
  }

  afterAll(() => {
    if (summary.length === 0) return;
    const worst = summary.reduce((a, b) => (b.rel > a.rel ? b : a));
    const passed = summary.filter((s) => s.ok).length;
    console.log(`reference: ${passed}/${summary.length} cases pass; largest relative error ${worst.rel.toExponential(2)} (${worst.name})`);
  });
});

describe("interpreter coverage", () => {
  test("every op in SCHEMA.md's table has an engine mapping", () => {
    const schema = readFileSync(path.join(CASES_DIR, "..", "SCHEMA.md"), "utf8");
    const opsSection = schema.slice(schema.indexOf("## Ops"), schema.indexOf("## `grad_norms`"));
    const names = opsSection
      .split("\n")
      .filter((l) => l.startsWith("| `"))
      .flatMap((l) => [...l.split("|")[1].matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]));
    expect(names.length).toBeGreaterThan(40);
    expect(names.filter((n) => !isSchemaOp(n))).toEqual([]);
  });

  test("ops no case uses are listed, so they get a check of their own", () => {
    const used = new Set(cases.flatMap((c) => c.ops.map((o) => o.op)));
    const unused = (Object.keys(referenceOps) as SchemaOpName[]).filter((n) => !used.has(n));
    expect(unused.filter((n) => !CHECKED_ELSEWHERE.includes(n))).toEqual([]);
  });
});

/** Schema ops that no shared case uses; each has a test below. */
const CHECKED_ELSEWHERE: readonly SchemaOpName[] = ["gru_cell"];

describe("schema ops no case uses", () => {
  /** gru_cell written out from SCHEMA.md with plain loops, for one batch row. */
  function gruRow(x: Float64Array, h: Float64Array, wIh: Float64Array, wHh: Float64Array, bIh: Float64Array, bHh: Float64Array, H: number): number[] {
    const I = x.length;
    const sig = (v: number): number => 1 / (1 + Math.exp(-v));
    const affine = (w: Float64Array, b: Float64Array, v: Float64Array, n: number, row: number): number => {
      let s = b[row];
      for (let k = 0; k < n; k++) s += w[row * n + k] * v[k];
      return s;
    };
    return Array.from({ length: H }, (_, j) => {
      const r = sig(affine(wIh, bIh, x, I, j) + affine(wHh, bHh, h, H, j));
      const z = sig(affine(wIh, bIh, x, I, H + j) + affine(wHh, bHh, h, H, H + j));
      const n = Math.tanh(affine(wIh, bIh, x, I, 2 * H + j) + r * affine(wHh, bHh, h, H, 2 * H + j));
      return (1 - z) * n + z * h[j];
    });
  }

  test("gru_cell: values as SCHEMA.md's formula (order r, z, n; r scales the hidden part with its bias), gradients as finite differences", () => {
    manualSeed(7);
    const [N, I, H] = [2, 3, 4];
    const inputs = [randn([N, I]), randn([N, H]), randn([3 * H, I]), randn([3 * H, H]), randn([3 * H]), randn([3 * H])].map((t) => param(t));
    const gru: RefOp = referenceOps.gru_cell;
    const run = (...xs: Tensor[]): Tensor => gru(xs, {}, { runningStats: [] }) as Tensor;
    const out = run(...inputs);
    const [x, h, wIh, wHh, bIh, bHh] = inputs.map((t) => t.data);
    const expected = Array.from({ length: N }, (_, i) => gruRow(x.subarray(i * I, (i + 1) * I), h.subarray(i * H, (i + 1) * H), wIh, wHh, bIh, bHh, H)).flat();
    expect(compare("gru_cell", out.data, out.shape, Float64Array.from(expected), [N, H]).ok).toBe(true);
    const probe = probeFor([N, H]);
    const check = gradcheck((...xs) => run(...xs).mul(probe).sum(), inputs);
    expect(check.ok, check.report).toBe(true);
  });
});
