// Number and text formatting shared by hovers, diagnostics and the status bar (plain text, no vscode).
import type { JsonNumber, SourceLoc } from "../../protocol";

/** A number in 3 significant digits; scientific below 1e-3 and from 1e4 on; "—" when absent. */
export function fmt(v: JsonNumber | null | undefined): string {
  if (v === null || v === undefined) return "—";
  const n = typeof v === "number" ? v : Number(v);
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "∞" : "−∞";
  if (n === 0) return "0";
  const a = Math.abs(n);
  if (a >= 1e4 || a < 1e-3) return n.toExponential(2).replace("e+", "e");
  return String(Number(n.toPrecision(3)));
}

/** A shape as PyTorch prints it: [8, 4]; a scalar is []. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** The file name of a path (either separator). */
export function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1);
}

/** `mlp.ts:8:33`. */
export function fmtLoc(loc: SourceLoc): string {
  return `${baseName(loc.file)}:${loc.line}:${loc.column}`;
}

/** "1 layer" / "3 layers". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Up to `max` names joined by ", ", then "… (N more)". */
export function nameList(names: readonly string[], max = 4): string {
  if (names.length <= max) return names.join(", ");
  return `${names.slice(0, max).join(", ")}, … (${names.length - max} more)`;
}
