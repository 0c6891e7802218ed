// Finds the model file's default export and checks it against the contract (a loss function, or
// { loss, model?, optimizer?, steps? }), saying what was found when it does not fit.
import { Module } from "../engine/nn/module";
import { Tensor } from "../engine/tensor";
import type { SourceLoc } from "../protocol";
import { normalizeSpec } from "../trace/spec";
import { RunError } from "./runError";

const CONTRACT = "export default a function returning the loss, or an object { loss, model?, optimizer?, steps? }";

/** The default export of a required bundle, validated; throws a RunError of kind "bad-export" when it does not fit. */
export function modelExport(mod: unknown, file: string, source: string): unknown {
  const loc = exportDefaultLoc(file, source);
  const exports = (typeof mod === "object" || typeof mod === "function") && mod !== null ? (mod as Record<string, unknown>) : {};
  // An ES module bundle marks itself with __esModule; a CommonJS file's module.exports is the export.
  const isEsm = exports.__esModule === true;
  const value = isEsm ? exports.default : mod;
  if (isEsm && !("default" in exports)) {
    const names = Object.keys(exports).filter((k) => k !== "__esModule");
    const found = names.length > 0 ? `it exports only ${names.map((n) => `\`${n}\``).join(", ")}` : "it exports nothing";
    throw new RunError("bad-export", `the model file has no default export (${found}); ${CONTRACT}`, { loc, file });
  }
  if (value instanceof Tensor) {
    throw new RunError("bad-export", `the default export is a Tensor (the loss already computed?); export a function that computes it, e.g. \`export default () => …\`, so the loss can be re-run for finite differences`, { loc, file });
  }
  if (value instanceof Promise) {
    throw new RunError("bad-export", `the default export is a Promise; ${CONTRACT} (synchronously)`, { loc, file });
  }
  try {
    normalizeSpec(value);
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^model spec: /, "") : String(e);
    throw new RunError("bad-export", `${why}. Found: ${describe(value)}`, { loc, file });
  }
  return value;
}

/** Where `export default` is written in the user's source (1-based), else null (then callers use the file). */
export function exportDefaultLoc(file: string, source: string): SourceLoc | undefined {
  const m = /^([ \t]*)export\s+default\b/m.exec(source);
  if (!m) return undefined;
  const before = source.slice(0, m.index);
  const line = before.split("\n").length;
  return { file, line, column: m[1].length + 1 };
}

/** A short description of a value: its type, and for objects their fields and the fields' types. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  if (typeof value !== "object") return `${typeof value} ${JSON.stringify(value)}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  const fields = Object.entries(value).map(([k, v]) => `${k} (${typeName(v)})`);
  return fields.length > 0 ? `an object with ${fields.join(", ")}` : "an empty object";
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (v instanceof Tensor) return `Tensor ${JSON.stringify(v.shape)}`;
  if (v instanceof Module) return v.kind;
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return v.constructor?.name ?? "object";
  return typeof v;
}
