// Tracing overhead: a model file's plain forward + backward against traceModel with checks off (graph
// capture, source locations, statistics, layers and graph JSON), in a worker set up as the runner's
// (src/runner/workerMain.ts): the file is bundled by bundleModel, required with source maps on, and
// env.locate is a UserStack locator, which walks the real stack and maps the bundle's frames back to the
// model file. The same worker also times traceModel with locate() returning null, to split the
// overhead between locating and the rest. All three are interleaved, medians reported.
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker, parentPort } from "node:worker_threads";
import * as api from "../src/api";
import type { TraceOptionsInput } from "../src/protocol";
import { bundleModel } from "../src/runner/bundleModel";
import { ENGINE_GLOBAL } from "../src/runner/messages";
import { modelExport } from "../src/runner/modelExport";
import { UserStack } from "../src/runner/userStack";
import { type TraceEnv, startLeafRecording } from "../src/trace/env";
import { normalizeSpec } from "../src/trace/spec";
import { traceModel } from "../src/trace/traceModel";
import { median } from "./report";

/** What the benchmark's worker is asked to do (its workerData). */
export interface OverheadTask {
  role: "trace-overhead";
  file: string;
  bundlePath: string;
  sources: string[];
  reps: number;
}

/** Medians (ms) of the interleaved runs, and what a user's single trace costs in a fresh worker. */
export interface OverheadResult {
  plainMs: number;
  traceMs: number;
  /** The fastest run of each (noise on a shared machine only ever adds time). */
  plainBestMs: number;
  traceBestMs: number;
  /** traceModel with env.locate returning null: the overhead without the stack walks. */
  traceNoLocateMs: number;
  /**
   * The same three in CPU time (the process's user + system time; its other threads are idle): on a
   * shared machine wall times include the spells this thread waits for a core, CPU times do not.
   */
  plainCpuMs: number;
  traceCpuMs: number;
  traceNoLocateCpuMs: number;
  /** The first traceModel call in the fresh worker (cold JIT and source-map lookups), as a user's one trace. */
  firstTraceMs: number;
  /** Graph nodes of a trace, and how many of the op nodes got a source location in the model files. */
  nodes: number;
  opNodes: number;
  located: number;
  /** env.locate() calls in one traced pass, and their mean cost (µs). */
  locateCalls: number;
  locateUs: number;
  runs: number;
}

const OPTIONS: TraceOptionsInput = { check: "off", steps: 0 };

/**
 * Bundles `file` and measures it in a worker running out/bench/overheadWorker.js, a bundle of its own
 * as the runner's worker is: the engine compiled as in out/worker.js (see the note in overheadWorker.ts).
 */
export async function measureOverhead(file: string, reps: number): Promise<OverheadResult> {
  const dir = mkdtempSync(join(tmpdir(), "backprop-lens-bench-"));
  try {
    const bundle = await bundleModel(file, dir);
    const task: OverheadTask = { role: "trace-overhead", file: bundle.file, bundlePath: bundle.bundlePath, sources: bundle.sources, reps };
    return await new Promise<OverheadResult>((resolve, reject) => {
      const worker = new Worker(join(__dirname, "overheadWorker.js"), { workerData: task });
      worker.once("message", (r: OverheadResult) => {
        resolve(r);
        void worker.terminate();
      });
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the overhead worker stopped (exit code ${code}) before reporting`)));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The worker's side: load the model file as the runner's worker does, then time plain and traced passes. */
export function overheadWorker(task: OverheadTask): void {
  (globalThis as Record<string, unknown>)[ENGINE_GLOBAL] = api;
  const stack = new UserStack(task.bundlePath, task.sources);
  const source = readFileSync(task.file, "utf8");
  const leaves = startLeafRecording(stack.locator());
  const loaded: unknown = createRequire(task.bundlePath)(task.bundlePath);
  const exported = modelExport(loaded, task.file, source);
  const spec = normalizeSpec(exported);
  const params = spec.model?.parameters() ?? [];
  const env: TraceEnv = { locate: stack.locator(), userSource: source, userFile: task.file, leaves };
  const bare: TraceEnv = { locate: () => null, userSource: source, userFile: task.file };

  // As in the runner's worker, the trace is the first thing to run the model.
  let t0 = performance.now();
  const first = traceModel(exported, OPTIONS, env);
  const firstTraceMs = performance.now() - t0;
  const plain = (): void => {
    for (const p of params) p.grad = null;
    spec.loss().backward();
  };
  const runs: Record<"plain" | "trace" | "bare", () => void> = {
    plain,
    trace: () => void traceModel(exported, OPTIONS, env),
    bare: () => void traceModel(exported, OPTIONS, bare),
  };
  const order = ["plain", "trace", "bare"] as const;
  for (let i = 0; i < 2; i++) for (const k of order) runs[k]();
  const times = { plain: [] as number[], trace: [] as number[], bare: [] as number[] };
  const cpu = { plain: [] as number[], trace: [] as number[], bare: [] as number[] };
  for (let r = 0; r < task.reps; r++) {
    // Rotate which goes first, so slow spells on a shared machine hit all three.
    for (let j = 0; j < order.length; j++) {
      const k = order[(r + j) % order.length];
      // NOTE: no forced gc() before a run (part 1 does that): a full collection shrinks the young
      // generation, and the trace, which allocates many small records, then pays ~40% more in
      // scavenges than it does in a worker that has been running (the first-trace column shows cold).
      const c0 = process.cpuUsage();
      t0 = performance.now();
      runs[k]();
      times[k].push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[k].push((c.user + c.system) / 1000);
    }
  }
  // A few more (untimed) traces that count and time the locate() calls.
  const COUNTED = 5;
  let calls = 0;
  let spent = 0;
  const locate = stack.locator();
  const counted: TraceEnv = {
    ...env,
    locate: () => {
      calls++;
      const s = performance.now();
      const loc = locate();
      spent += performance.now() - s;
      return loc;
    },
  };
  for (let i = 0; i < COUNTED; i++) traceModel(exported, OPTIONS, counted);
  const ops = first.graph.nodes.filter((n) => n.kind === "op");
  const result: OverheadResult = {
    plainMs: median(times.plain),
    traceMs: median(times.trace),
    plainBestMs: Math.min(...times.plain),
    traceBestMs: Math.min(...times.trace),
    traceNoLocateMs: median(times.bare),
    plainCpuMs: median(cpu.plain),
    traceCpuMs: median(cpu.trace),
    traceNoLocateCpuMs: median(cpu.bare),
    firstTraceMs,
    nodes: first.graph.totalNodes,
    opNodes: ops.length,
    located: ops.filter((n) => n.loc !== null && task.sources.includes(n.loc.file)).length,
    locateCalls: calls / COUNTED,
    locateUs: calls === 0 ? 0 : (1000 * spent) / calls,
    runs: task.reps,
  };
  parentPort?.postMessage(result);
}
