// Number, shape and location formatting shared by every view (pure: also used by the unit tests).
import type { JsonNumber, SourceLoc } from "../../src/protocol";

/** Formats a number compactly: 4 significant digits, exponent form when very large or small. */
export function fmtNum(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return "—";
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "-∞";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(Math.max(0, digits - 2)).replace("e+", "e");
  if (Number.isInteger(v) && a < 1e5) return String(v);
  return trimZeros(v.toPrecision(digits));
}

/** Formats a JSON number that may be the text of a non-finite one. */
export function fmtJson(v: JsonNumber | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return "—";
  return fmtNum(typeof v === "number" ? v : Number(v), digits);
}

/** Decodes a JsonNumber ("NaN", "Infinity", … included). */
export function jsonNum(v: JsonNumber): number {
  return typeof v === "number" ? v : Number(v);
}

/** Formats a norm as a power of ten when it is tiny or huge (norms are what the colours encode). */
export function fmtNorm(v: number | null | undefined): string {
  return fmtNum(v, 3);
}

/** A shape as PyTorch prints it; "scalar" for 0-d. */
export function fmtShape(shape: readonly number[]): string {
  return shape.length === 0 ? "scalar" : `[${shape.join(", ")}]`;
}

/** An integer with thousands separators (5,000). */
export function fmtCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** A fraction as a percentage with at most one decimal. */
export function fmtPercent(f: number | null | undefined): string {
  if (f === null || f === undefined || !Number.isFinite(f)) return "—";
  const p = f * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** The last path segment of a file name (both slash kinds). */
export function baseName(file: string): string {
  const i = Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\"));
  return i >= 0 ? file.slice(i + 1) : file;
}

/** "model.ts:12:5" for a source location. */
export function fmtLoc(loc: SourceLoc | null | undefined): string {
  if (!loc) return "";
  return `${baseName(loc.file)}:${loc.line}:${loc.column}`;
}

/** A multi-index as [i, j]. */
export function fmtIndex(position: readonly number[]): string {
  return position.length === 0 ? "(scalar)" : `[${position.join(", ")}]`;
}

function trimZeros(s: string): string {
  if (s.includes("e")) return s;
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** "1 check" / "3 checks". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Escapes text for use inside markup built as a string (the graph's SVG). */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
