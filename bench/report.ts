// Small helpers shared by the benchmark's parts: medians, rounding, plain-text tables, CLI options.

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Two decimals, for JSON lines. */
export const round = (v: number): number => Math.round(v * 100) / 100;

/** A left-aligned first column and right-aligned others, with a dashed rule under the header. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The value of `--name=value` on the command line, if given. */
export function option(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
}

/** Runs gc (node --expose-gc) if available, so a collection left over from earlier work does not land in a timing. */
export function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The machine's load averages (1, 5, 15 min), for the record next to timings on a shared machine. */
export async function loadAverages(): Promise<string> {
  const { loadavg, cpus } = await import("node:os");
  return `load averages ${loadavg().map((v) => v.toFixed(2)).join(" ")} on ${cpus().length} cores`;
}
