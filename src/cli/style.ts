// Terminal styling for the report: ANSI colours (only when asked for), numbers in a fixed short form,
// log-scale bars and sparklines, and padding that ignores escape codes.

/** Colours the report may use; every function returns its input unchanged when colour is off. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  magenta(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

/** ANSI colours, or none. */
export function makeStyle(color: boolean): Style {
  if (!color) {
    const id = (s: string): string => s;
    return { bold: id, dim: id, red: id, green: id, yellow: id, cyan: id, magenta: id };
  }
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39), magenta: sgr(35, 39) };
}

/** Whether to colour a stream: a TTY, NO_COLOR unset (https://no-color.org), FORCE_COLOR forces it. */
export function wantsColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}

// eslint-disable-next-line no-control-regex -- matching ANSI escape sequences is the point
const ANSI = /\x1b\[[0-9;]*m/g;

/** Display width of a string: escape codes do not count. */
export function width(s: string): number {
  return [...s.replace(ANSI, "")].length;
}

/** Pads to a display width on the right (or on the left with `alignRight`). */
export function pad(s: string, w: number, alignRight = false): string {
  const fill = " ".repeat(Math.max(0, w - width(s)));
  return alignRight ? fill + s : s + fill;
}

/** Cuts a plain string to `w` characters, ending in "…" when cut. */
export function clip(s: string, w: number): string {
  const chars = [...s];
  return chars.length <= w ? s : `${chars.slice(0, Math.max(0, w - 1)).join("")}…`;
}

/** A number in at most ~9 characters: 4 significant digits, or exponent form (3 digits) when very large or small. */
export function num(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return "—";
  const x = Number(v);
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Inf" : "-Inf";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e4 || a < 1e-2) return x.toExponential(2).replace("e+", "e");
  return String(Number(x.toPrecision(4)));
}

/** The range of decades a set of positive values spans, widened to at least `minSpan` decades. */
export function decadeRange(values: readonly (number | null)[], minSpan = 4): [number, number] {
  const logs = values.filter((v): v is number => v !== null && v > 0 && Number.isFinite(v)).map(Math.log10);
  if (logs.length === 0) return [-minSpan, 0];
  let lo = Math.floor(Math.min(...logs));
  let hi = Math.ceil(Math.max(...logs));
  if (hi === lo) hi += 1;
  while (hi - lo < minSpan) {
    lo -= 1;
    if (hi - lo < minSpan) hi += 1;
  }
  return [lo, hi];
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A bar of `cells` characters whose length is log10(v) placed between the decades lo and hi (eighth-cell resolution). */
export function logBar(v: number | null, lo: number, hi: number, cells: number): string {
  if (v === null || !(v > 0) || !Number.isFinite(v)) return " ".repeat(cells);
  const f = Math.min(1, Math.max(0, (Math.log10(v) - lo) / (hi - lo)));
  const eighths = Math.max(1, Math.round(f * cells * 8));
  const full = Math.floor(eighths / 8);
  const bar = "█".repeat(full) + EIGHTHS[eighths % 8];
  return bar + " ".repeat(cells - width(bar));
}

const SPARKS = "▁▂▃▄▅▆▇█";

/** A sparkline of the values (linear scale, NaN shown as "·"), at most `cells` characters (values are sampled evenly). */
export function sparkline(values: readonly number[], cells: number): string {
  const picked = values.length <= cells ? values : Array.from({ length: cells }, (_, i) => values[Math.round((i * (values.length - 1)) / (cells - 1))]);
  const finite = picked.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return picked.map((v) => (Number.isFinite(v) ? SPARKS[hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * 7)] : "·")).join("");
}

/** Splits text into lines of at most `w` characters at spaces (a longer word gets a line of its own). */
export function wrap(text: string, w: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > w) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}
