// Runs traces per model file and keeps each file's latest result. One trace per file at a time: a new
// request cancels the running one; saves are debounced so only the latest content is traced; while a
// trace runs the previous result stays available, marked stale. No vscode here: the runner is passed
// in (the worker-thread runner in the extension, a fake in unit tests).
import type { TraceResult } from "../protocol";
import type { TraceProgress } from "../trace/env";
import { KeyedDebouncer, type Timers, realTimers } from "./model/debounce";
import type { TraceKind } from "./model/runOptions";
import { type TraceError, traceErrorFrom } from "./model/traceError";

/** Runs one trace; rejects (a RunError) when the model cannot be traced, or when `signal` aborts. */
export type RunTrace<O> = (file: string, options: O, signal: AbortSignal, onProgress: (p: TraceProgress) => void) => Promise<TraceResult>;

/** A trace to run: its kind and the runner options. */
export interface TraceRequest<O> {
  kind: TraceKind;
  options: O;
}

/** How a trace ended. "cancelled" also covers a trace replaced by a newer one. */
export type TraceOutcome = { status: "ok"; result: TraceResult } | { status: "error"; error: TraceError } | { status: "cancelled" };

/** What is known about one model file. */
export interface FileTrace {
  file: string;
  /** The latest successful result (kept through later errors and while new traces run). */
  result: TraceResult | null;
  /** Kind of the trace that produced `result`. */
  resultKind: TraceKind | null;
  /** Date.now() when `result` arrived. */
  resultAt: number | null;
  /** The error of the latest finished trace, if it failed (cleared by a success). */
  error: TraceError | null;
  /** A trace is running. */
  running: boolean;
  /** Kind of the running trace. */
  runningKind: TraceKind | null;
  /** Progress of the running trace. */
  progress: TraceProgress | null;
  /** A save is waiting for its debounced trace. */
  pending: boolean;
  /** `result` may not match the file any more (a trace runs or waits, or the last was cancelled). */
  stale: boolean;
}

/** What changed, for the views, diagnostics and status bar. */
export type TraceEvent =
  | { type: "scheduled"; file: string }
  | { type: "started"; file: string; kind: TraceKind }
  | { type: "progress"; file: string; progress: TraceProgress }
  | { type: "finished"; file: string; kind: TraceKind; outcome: TraceOutcome };

interface Running {
  id: number;
  controller: AbortController;
}

/** The per-file trace state and the one place traces are started. */
export class TraceService<O> {
  private readonly states = new Map<string, FileTrace>();
  private readonly running = new Map<string, Running>();
  private readonly listeners = new Set<(e: TraceEvent) => void>();
  private readonly debouncer: KeyedDebouncer<string>;
  private nextId = 1;

  constructor(
    private readonly run: RunTrace<O>,
    debounceMs: number,
    timers: Timers = realTimers,
    private readonly now: () => number = Date.now,
  ) {
    this.debouncer = new KeyedDebouncer(debounceMs, timers);
  }

  /** The state of a file, if anything was ever traced or scheduled for it. */
  get(file: string): FileTrace | undefined {
    return this.states.get(file);
  }

  /** Files with a state. */
  files(): string[] {
    return [...this.states.keys()];
  }

  /** Listens to every change; returns the function that stops listening. */
  onEvent(listener: (e: TraceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Traces `file` now, cancelling its running or scheduled trace. */
  trace(file: string, request: TraceRequest<O>): Promise<TraceOutcome> {
    this.debouncer.cancel(file);
    this.abortRunning(file);
    const id = this.nextId++;
    const controller = new AbortController();
    this.running.set(file, { id, controller });
    this.update(file, { running: true, runningKind: request.kind, progress: null, pending: false, stale: true });
    this.emit({ type: "started", file, kind: request.kind });
    const onProgress = (p: TraceProgress): void => {
      if (this.running.get(file)?.id !== id) return;
      this.update(file, { progress: p });
      this.emit({ type: "progress", file, progress: p });
    };
    return this.run(file, request.options, controller.signal, onProgress).then(
      (result) => this.finish(file, id, request.kind, { status: "ok", result }),
      (e: unknown) => {
        const error = traceErrorFrom(e, file);
        return this.finish(file, id, request.kind, error.kind === "cancelled" || controller.signal.aborted ? { status: "cancelled" } : { status: "error", error });
      },
    );
  }

  /** Traces `file` once no further call for it came within the debounce delay; `request` is read then (latest settings). */
  traceSoon(file: string, request: () => TraceRequest<O>): void {
    // The running trace reads content that is already out of date: stop it now rather than after the delay.
    this.abortRunning(file);
    this.update(file, { pending: true, stale: true });
    this.debouncer.schedule(file, () => {
      void this.trace(file, request());
    });
    this.emit({ type: "scheduled", file });
  }

  /** Cancels the running and the scheduled trace of `file` (its worker is terminated). */
  cancel(file: string): void {
    const hadPending = this.debouncer.cancel(file);
    if (hadPending) this.update(file, { pending: false });
    this.abortRunning(file);
  }

  /** Forgets a file (its model file was deleted or closed for good). */
  forget(file: string): void {
    this.cancel(file);
    this.states.delete(file);
  }

  /** Cancels everything. */
  dispose(): void {
    this.debouncer.dispose();
    for (const file of [...this.running.keys()]) this.abortRunning(file);
    this.listeners.clear();
  }

  private abortRunning(file: string): void {
    const r = this.running.get(file);
    if (!r) return;
    this.running.delete(file);
    r.controller.abort();
  }

  private finish(file: string, id: number, kind: TraceKind, outcome: TraceOutcome): TraceOutcome {
    const current = this.running.get(file);
    const superseded = current !== undefined && current.id !== id;
    if (superseded) return { status: "cancelled" };
    if (current) this.running.delete(file);
    const pending = this.debouncer.pending(file);
    switch (outcome.status) {
      case "ok":
        this.update(file, { result: outcome.result, resultKind: kind, resultAt: this.now(), error: null, running: false, runningKind: null, progress: null, stale: pending });
        break;
      case "error":
        this.update(file, { error: outcome.error, running: false, runningKind: null, progress: null, stale: pending });
        break;
      case "cancelled":
        // A cancelled trace leaves the result as it was, and the file possibly changed since.
        this.update(file, { running: false, runningKind: null, progress: null, stale: this.states.get(file)?.result !== null });
        break;
    }
    this.emit({ type: "finished", file, kind, outcome });
    return outcome;
  }

  private update(file: string, patch: Partial<FileTrace>): void {
    const base: FileTrace = this.states.get(file) ?? {
      file,
      result: null,
      resultKind: null,
      resultAt: null,
      error: null,
      running: false,
      runningKind: null,
      progress: null,
      pending: false,
      stale: false,
    };
    this.states.set(file, { ...base, ...patch });
  }

  private emit(e: TraceEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}
