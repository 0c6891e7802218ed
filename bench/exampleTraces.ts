// Every example model file traced with the fast check through the real runner (runModel: esbuild
// bundle, a fresh worker with its limits, traceModel with the file's own steps), as the CLI and the
// extension run it. Wall time per example, split into bundling (timed by a separate bundleModel call
// of the same file), the trace inside the worker (result.timings) and the rest (worker start, engine
// and model-file load, result transfer).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TraceResult } from "../src/protocol";
import { bundleModel } from "../src/runner/bundleModel";
import { runModel } from "../src/runner/runModel";
import { median } from "./report";

/** Medians (ms) for one example. */
export interface ExampleTiming {
  example: string;
  /** runModel, from the call to the result: what a user waits for. */
  wallMs: number;
  bundleMs: number;
  /** traceModel inside the worker: the traced pass, the checks and the training history. */
  insideMs: number;
  traceMs: number;
  checksMs: number;
  historyMs: number;
  /** wall − bundle − inside: worker start, engine and model load, result transfer. */
  startupMs: number;
  checks: string;
  steps: number;
  error?: string;
}

/** The example files (*.ts) in `dir`, sorted. */
export function exampleFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .sort();
}

/** Times each example `reps` times (round-robin over the examples), after one untimed run that starts esbuild's service. */
export async function timeExamples(dir: string, files: readonly string[], reps: number, workerFile: string): Promise<{ timings: ExampleTiming[]; firstRunMs: number }> {
  const tmp = mkdtempSync(join(tmpdir(), "backprop-lens-bench-"));
  const run = (f: string): Promise<TraceResult> => runModel(join(dir, f), { trace: { check: "fast" }, workerFile, onOutput: () => {} });
  try {
    let t0 = performance.now();
    await run(files[0]).catch(() => null);
    const firstRunMs = performance.now() - t0;
    const walls = new Map<string, number[]>(files.map((f) => [f, []]));
    const bundles = new Map<string, number[]>(files.map((f) => [f, []]));
    const inside = new Map<string, TraceResult["timings"][]>(files.map((f) => [f, []]));
    const last = new Map<string, TraceResult | string>();
    for (let r = 0; r < reps; r++) {
      for (const f of files) {
        t0 = performance.now();
        await bundleModel(join(dir, f), tmp);
        bundles.get(f)!.push(performance.now() - t0);
        t0 = performance.now();
        try {
          const result = await run(f);
          walls.get(f)!.push(performance.now() - t0);
          inside.get(f)!.push(result.timings);
          last.set(f, result);
        } catch (e) {
          last.set(f, e instanceof Error ? e.message : String(e));
        }
      }
    }
    return { timings: files.map((f) => summary(f, walls.get(f)!, bundles.get(f)!, inside.get(f)!, last.get(f)!)), firstRunMs };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function summary(example: string, walls: number[], bundles: number[], inside: TraceResult["timings"][], last: TraceResult | string): ExampleTiming {
  const bundleMs = median(bundles);
  if (typeof last === "string" || walls.length === 0) {
    return { example, wallMs: NaN, bundleMs, insideMs: NaN, traceMs: NaN, checksMs: NaN, historyMs: NaN, startupMs: NaN, checks: "-", steps: 0, error: String(last) };
  }
  const wallMs = median(walls);
  const of = (k: keyof TraceResult["timings"]): number => median(inside.map((t) => t[k]));
  const s = last.checkSummary;
  return {
    example,
    wallMs,
    bundleMs,
    insideMs: of("total"),
    traceMs: of("trace"),
    checksMs: of("checks"),
    historyMs: of("history"),
    startupMs: wallMs - bundleMs - of("total"),
    checks: `${s.passed} pass${s.failed > 0 ? `, ${s.failed} fail` : ""}${s.kinks > 0 ? `, ${s.kinks} kink` : ""}`,
    steps: last.history.length,
  };
}
