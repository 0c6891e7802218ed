// Checks an incoming trace result against the protocol types before anything renders it: a message is
// data from another process, so every field the views read is verified, and raw tensors over the
// size cap are dropped (the webview shows summaries).
import type { TraceResult } from "../../src/protocol";

/** Raw value arrays longer than this are dropped on arrival. */
export const VALUE_CAP = 1024;

/** The outcome of a check: the (possibly trimmed) result, or where it first went wrong. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

class GuardError extends Error {}

type Obj = Record<string, unknown>;
const fail = (path: string, expected: string): never => {
  throw new GuardError(`${path}: expected ${expected}`);
};
const obj = (v: unknown, path: string): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : fail(path, "an object"));
const arr = (v: unknown, path: string): unknown[] => (Array.isArray(v) ? v : fail(path, "an array"));
const num = (v: unknown, path: string): number => (typeof v === "number" && Number.isFinite(v) ? v : fail(path, "a finite number"));
const numOrNull = (v: unknown, path: string): number | null => (v === null ? null : num(v, path));
const str = (v: unknown, path: string): string => (typeof v === "string" ? v : fail(path, "a string"));
const strOrNull = (v: unknown, path: string): string | null => (v === null ? null : str(v, path));
const oneOf = <T extends string>(v: unknown, path: string, options: readonly T[]): T =>
  typeof v === "string" && (options as readonly string[]).includes(v) ? (v as T) : fail(path, `one of ${options.join(", ")}`);
const jsonNumber = (v: unknown, path: string): void => {
  if (typeof v === "number" && Number.isFinite(v)) return;
  if (v === "NaN" || v === "Infinity" || v === "-Infinity") return;
  fail(path, "a number or NaN/Infinity text");
};
const nums = (v: unknown, path: string): void => arr(v, path).forEach((x, i) => num(x, `${path}[${i}]`));
const strs = (v: unknown, path: string): void => arr(v, path).forEach((x, i) => str(x, `${path}[${i}]`));

function loc(v: unknown, path: string): void {
  if (v === null) return;
  const o = obj(v, path);
  str(o.file, `${path}.file`);
  num(o.line, `${path}.line`);
  num(o.column, `${path}.column`);
}

function stats(v: unknown, path: string): void {
  const o = obj(v, path);
  num(o.numel, `${path}.numel`);
  for (const k of ["norm", "mean", "std", "min", "max"]) numOrNull(o[k], `${path}.${k}`);
  num(o.zeroFraction, `${path}.zeroFraction`);
  num(o.nan, `${path}.nan`);
  num(o.inf, `${path}.inf`);
  if (o.hist !== undefined) {
    const h = obj(o.hist, `${path}.hist`);
    num(h.lo, `${path}.hist.lo`);
    num(h.hi, `${path}.hist.hi`);
    nums(h.counts, `${path}.hist.counts`);
    if ((h.counts as unknown[]).length > 400) fail(`${path}.hist.counts`, "at most 400 bins");
    num(h.under, `${path}.hist.under`);
    num(h.over, `${path}.hist.over`);
  }
}

// Raw arrays are optional: over the cap they are removed rather than rejected.
function rawValues(o: Obj, key: "values" | "gradValues", path: string): void {
  if (o[key] === undefined) return;
  const a = arr(o[key], `${path}.${key}`);
  if (a.length > VALUE_CAP) {
    if (key === "values") delete o.values;
    else delete o.gradValues;
    return;
  }
  a.forEach((x, i) => jsonNumber(x, `${path}.${key}[${i}]`));
}

function node(v: unknown, i: number): void {
  const path = `graph.nodes[${i}]`;
  const o = obj(v, path);
  if (num(o.id, `${path}.id`) !== i) fail(`${path}.id`, `${i} (ids are indices)`);
  str(o.op, `${path}.op`);
  oneOf(o.kind, `${path}.kind`, ["op", "param", "input", "constant"]);
  if (o.label !== undefined) str(o.label, `${path}.label`);
  nums(o.shape, `${path}.shape`);
  oneOf(o.dtype, `${path}.dtype`, ["float64", "int64", "bool"]);
  strOrNull(o.module, `${path}.module`);
  loc(o.loc, `${path}.loc`);
  if (o.attrs !== undefined) obj(o.attrs, `${path}.attrs`);
  stats(o.value, `${path}.value`);
  if (o.grad !== null) stats(o.grad, `${path}.grad`);
  rawValues(o, "values", path);
  rawValues(o, "gradValues", path);
}

function checkElement(v: unknown, path: string): void {
  const o = obj(v, path);
  num(o.index, `${path}.index`);
  nums(o.position, `${path}.position`);
  for (const k of ["analytic", "numeric", "absError", "relError"]) jsonNumber(o[k], `${path}.${k}`);
  oneOf(o.status, `${path}.status`, ["pass", "fail", "kink"]);
}

function opRef(v: unknown, path: string): void {
  const o = obj(v, path);
  str(o.op, `${path}.op`);
  numOrNull(o.nodeId, `${path}.nodeId`);
  strOrNull(o.module, `${path}.module`);
  loc(o.loc, `${path}.loc`);
}

/** Checks an unknown value against the TraceResult type; trims raw arrays over VALUE_CAP. */
export function checkTraceResult(v: unknown): Checked<TraceResult> {
  try {
    const o = obj(v, "result");
    if (o.schema !== "backprop-lens/trace@1") fail("result.schema", '"backprop-lens/trace@1"');
    jsonNumber(o.loss, "loss");
    const options = obj(o.options, "options");
    const t = obj(options.thresholds, "options.thresholds");
    for (const k of ["vanishingRelative", "vanishingAbsolute", "explodingRelative", "explodingAbsolute"]) num(t[k], `options.thresholds.${k}`);
    const graph = obj(o.graph, "graph");
    const nodes = arr(graph.nodes, "graph.nodes");
    nodes.forEach((x, i) => node(x, i));
    arr(graph.edges, "graph.edges").forEach((x, i) => {
      const e = obj(x, `graph.edges[${i}]`);
      for (const k of ["from", "to", "input"]) {
        const val = num(e[k], `graph.edges[${i}].${k}`);
        if (k !== "input" && (val < 0 || val >= nodes.length || !Number.isInteger(val))) fail(`graph.edges[${i}].${k}`, "a node id");
      }
    });
    if (graph.modules !== undefined) {
      const modules = obj(graph.modules, "graph.modules");
      for (const [path, kind] of Object.entries(modules)) str(kind, `graph.modules[${JSON.stringify(path)}]`);
    }
    const root = num(graph.root, "graph.root");
    if (nodes.length > 0 && (root < 0 || root >= nodes.length)) fail("graph.root", "a node id");
    arr(o.parameters, "parameters").forEach((x, i) => {
      const p = obj(x, `parameters[${i}]`);
      str(p.name, `parameters[${i}].name`);
      nums(p.shape, `parameters[${i}].shape`);
      num(p.numel, `parameters[${i}].numel`);
      loc(p.loc, `parameters[${i}].loc`);
      strOrNull(p.module, `parameters[${i}].module`);
      const id = numOrNull(p.nodeId, `parameters[${i}].nodeId`);
      if (id !== null && (id < 0 || id >= nodes.length)) fail(`parameters[${i}].nodeId`, "a node id or null");
      stats(p.value, `parameters[${i}].value`);
      if (p.grad !== null) stats(p.grad, `parameters[${i}].grad`);
      for (const k of ["gradNorm", "valueNorm", "gradToValueRatio", "updateRatio"]) numOrNull(p[k], `parameters[${i}].${k}`);
      rawValues(p, "values", `parameters[${i}]`);
      rawValues(p, "gradValues", `parameters[${i}]`);
    });
    arr(o.layers, "layers").forEach((x, i) => {
      const l = obj(x, `layers[${i}]`);
      str(l.name, `layers[${i}].name`);
      str(l.kind, `layers[${i}].kind`);
      oneOf(l.role, `layers[${i}].role`, ["params", "activation"]);
      num(l.depth, `layers[${i}].depth`);
      strs(l.params, `layers[${i}].params`);
      for (const k of ["paramGradNorm", "outGradNorm", "deadFraction", "saturatedFraction", "updateRatio"]) numOrNull(l[k], `layers[${i}].${k}`);
      arr(l.flags, `layers[${i}].flags`).forEach((f, j) => oneOf(f, `layers[${i}].flags[${j}]`, ["vanishing", "exploding", "dead-relu", "saturated", "nan"]));
      strs(l.reasons, `layers[${i}].reasons`);
      loc(l.loc, `layers[${i}].loc`);
      nums(l.outputNodes, `layers[${i}].outputNodes`);
    });
    arr(o.checks, "checks").forEach((x, i) => {
      const c = obj(x, `checks[${i}]`);
      str(c.param, `checks[${i}].param`);
      oneOf(c.mode, `checks[${i}].mode`, ["fast", "sample", "full"]);
      oneOf(c.status, `checks[${i}].status`, ["pass", "fail", "kink"]);
      checkElement(c.directional, `checks[${i}].directional`);
      for (const k of ["elementsChecked", "elementsTotal", "failures", "kinks"]) num(c[k], `checks[${i}].${k}`);
      jsonNumber(c.maxAbsError, `checks[${i}].maxAbsError`);
      jsonNumber(c.maxRelError, `checks[${i}].maxRelError`);
      arr(c.worst, `checks[${i}].worst`).forEach((w, j) => checkElement(w, `checks[${i}].worst[${j}]`));
      if (c.suspect !== undefined) opRef(c.suspect, `checks[${i}].suspect`);
    });
    const summary = obj(o.checkSummary, "checkSummary");
    for (const k of ["passed", "failed", "kinks"]) num(summary[k], `checkSummary.${k}`);
    arr(summary.suspects, "checkSummary.suspects").forEach((s, i) => opRef(s, `checkSummary.suspects[${i}]`));
    arr(o.anomalies, "anomalies").forEach((x, i) => {
      const a = obj(x, `anomalies[${i}]`);
      oneOf(a.phase, `anomalies[${i}].phase`, ["forward", "backward"]);
      str(a.op, `anomalies[${i}].op`);
      num(a.nodeId, `anomalies[${i}].nodeId`);
      loc(a.loc, `anomalies[${i}].loc`);
      str(a.message, `anomalies[${i}].message`);
    });
    arr(o.history, "history").forEach((x, i) => {
      const h = obj(x, `history[${i}]`);
      num(h.step, `history[${i}].step`);
      jsonNumber(h.loss, `history[${i}].loss`);
      arr(h.layerGradNorms, `history[${i}].layerGradNorms`).forEach((g, j) => numOrNull(g, `history[${i}].layerGradNorms[${j}]`));
    });
    strs(o.warnings, "warnings");
    return { ok: true, value: o as unknown as TraceResult };
  } catch (e) {
    if (e instanceof GuardError) return { ok: false, error: e.message };
    throw e;
  }
}
