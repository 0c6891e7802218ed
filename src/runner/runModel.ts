// Runs a model file: bundle it, then trace it in a worker thread under a time limit and a memory limit,
// cancelable, so that no model file can hang or crash the calling process (CLI or extension host).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { SourceLoc, TraceOptionsInput, TraceResult } from "../protocol";
import type { TraceProgress } from "../trace/env";
import { type ModelBundle, bundleModel } from "./bundleModel";
import { probeWorker } from "./probeWorker";
import type { WorkerMessage, WorkerTask } from "./messages";
import { RunError, runErrorFrom } from "./runError";

/** How to run a model file. */
export interface RunOptions {
  /** Trace options (check mode, steps, seed, values…). */
  trace?: TraceOptionsInput;
  /** Wall-clock limit for loading and tracing the model, in ms. @default 30000 */
  timeoutMs?: number;
  /** Memory limit in MB: the worker's JS heap, and growth of the process's memory (tensor storage lives outside the heap). @default 2048 */
  memoryMb?: number;
  /** Aborting terminates the worker; the run rejects with a RunError of kind "cancelled". */
  signal?: AbortSignal;
  onProgress?(p: TraceProgress): void;
  /** Receives what the model file prints (console.log…); without it the output goes to this process's stdout/stderr. */
  onOutput?(text: string, stream: "stdout" | "stderr"): void;
  /** The built worker (out/worker.js). @default worker.js next to this bundle */
  workerFile?: string;
}

/** Default time limit: 30 s. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Default memory limit: 2 GB. */
export const DEFAULT_MEMORY_MB = 2048;
// How often resident memory is compared with the limit (tensor data is outside the worker's heap limit).
const MEMORY_POLL_MS = 50;
// Resident memory a worker needs besides the model's data (its runtime, the engine, the bundle).
const RSS_SLACK_MB = 192;

/** Traces a model file in a worker; rejects with a RunError when it cannot be run. */
export async function runModel(file: string, opts: RunOptions = {}): Promise<TraceResult> {
  if (opts.signal?.aborted) throw new RunError("cancelled", "the run was cancelled", { file });
  const dir = mkdtempSync(join(tmpdir(), "backprop-lens-"));
  try {
    const bundle = await bundleModel(file, dir);
    if (opts.signal?.aborted) throw new RunError("cancelled", "the run was cancelled", { file: bundle.file });
    return await runWorker(bundle, opts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The worker file used when none is given: worker.js next to the running bundle (out/). */
export function defaultWorkerFile(): string {
  return join(__dirname, "worker.js");
}

function runWorker(bundle: ModelBundle, opts: RunOptions): Promise<TraceResult> {
  const task: WorkerTask = { file: bundle.file, bundlePath: bundle.bundlePath, sources: bundle.sources, options: opts.trace ?? {} };
  const workerFile = opts.workerFile ?? defaultWorkerFile();
  if (!existsSync(workerFile)) {
    return Promise.reject(new RunError("worker", `cannot find the runner's worker at ${workerFile} (build it: npm run build)`, { file: task.file }));
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const memoryMb = opts.memoryMb ?? DEFAULT_MEMORY_MB;
  const rssLimit = (memoryMb + RSS_SLACK_MB) * 1024 * 1024;
  const captureOutput = opts.onOutput !== undefined;
  return new Promise<TraceResult>((resolve, reject) => {
    const rssBase = process.memoryUsage.rss();
    const worker = new Worker(workerFile, {
      workerData: task,
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
      stdout: captureOutput,
      stderr: captureOutput,
    });
    if (captureOutput) {
      worker.stdout.on("data", (b: Buffer) => opts.onOutput?.(b.toString(), "stdout"));
      worker.stderr.on("data", (b: Buffer) => opts.onOutput?.(b.toString(), "stderr"));
    }
    const probe = (): Promise<SourceLoc | null> => probeWorker(worker, bundle.bundlePath, bundle.map, bundle.sources).catch(() => null);
    // Once a limit is hit, the run is stopping: later messages and events no longer decide the outcome.
    let stopping = false;
    let lastPhase: TraceProgress | null = null;
    let memoryLoc: SourceLoc | null = null;
    let probedMemory = false;
    const finish = (err: RunError | null, result?: TraceResult): void => {
      clearTimeout(timer);
      clearInterval(memoryPoll);
      opts.signal?.removeEventListener("abort", onAbort);
      // NOTE: terminate even after a result: timers or handles the model left open must not keep it alive.
      void worker.terminate();
      if (err) reject(err);
      else resolve(result!);
    };
    const settle = (err: RunError | null, result?: TraceResult): void => {
      if (stopping) return;
      stopping = true;
      finish(err, result);
    };
    const stopAtLimit = (make: (loc: SourceLoc | null) => RunError): void => {
      if (stopping) return;
      stopping = true;
      void probe().then((loc) => finish(make(loc)));
    };
    const memoryError = (loc: SourceLoc | null): RunError =>
      new RunError("memory", `exceeded the ${memoryMb} MB memory limit — tensors too large, or kept alive in a loop?`, { loc: loc ?? undefined, file: task.file });
    const timer = setTimeout(() => stopAtLimit((loc) => new RunError("timeout", timeoutMessage(timeoutMs, lastPhase), { loc: loc ?? undefined, file: task.file })), timeoutMs);
    const memoryPoll = setInterval(() => {
      const used = process.memoryUsage.rss() - rssBase;
      if (used > rssLimit) stopAtLimit((loc) => memoryError(loc ?? memoryLoc));
      else if (used > 0.75 * rssLimit && !probedMemory) {
        // Where the memory is going, in case the heap limit ends the worker before we can look.
        probedMemory = true;
        void probe().then((loc) => (memoryLoc = loc));
      }
    }, MEMORY_POLL_MS);
    const onAbort = (): void => settle(new RunError("cancelled", "the run was cancelled", { file: task.file }));
    opts.signal?.addEventListener("abort", onAbort);

    worker.on("message", (m: WorkerMessage) => {
      switch (m.type) {
        case "progress":
          lastPhase = m.progress;
          if (!stopping) opts.onProgress?.(m.progress);
          break;
        case "result":
          settle(null, m.result);
          break;
        case "error":
          settle(runErrorFrom(m.error));
          break;
        default:
          assertNever(m);
      }
    });
    worker.on("error", (e: Error & { code?: string }) => {
      if (e.code === "ERR_WORKER_OUT_OF_MEMORY") settle(memoryError(memoryLoc));
      else settle(new RunError("worker", `the model crashed the worker: ${e.message}`, { file: task.file }));
    });
    worker.on("exit", (code) => {
      settle(new RunError("worker", `the model file stopped the worker (exit code ${code}) before the trace finished — does it call process.exit()?`, { file: task.file }));
    });
  });
}

function timeoutMessage(ms: number, phase: TraceProgress | null): string {
  const limit = `exceeded the ${seconds(ms)} time limit`;
  if (phase?.phase === "checks") return `${limit} during the gradient checks (${phase.done}/${phase.total}) — a faster check mode or a longer time limit would help`;
  if (phase?.phase === "history") return `${limit} during training (step ${phase.done}/${phase.total}) — fewer steps or a longer time limit would help`;
  return `${limit} — an infinite loop?`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function assertNever(x: never): never {
  throw new Error(`unexpected worker message ${JSON.stringify(x)}`);
}
