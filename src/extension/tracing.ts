// Starting traces from the editor: trust first, runner options from the settings, and the run itself
// in the runner's worker thread (out/worker.js of this install) — never in the extension host.
import * as vscode from "vscode";
import { runModel } from "../runner/runModel";
import type { TraceResult } from "../protocol";
import { baseName } from "./model/format";
import { type TraceKind, type TraceRunOptions, runOptionsFor } from "./model/runOptions";
import type { TraceError } from "./model/traceError";
import { readSettings } from "./settings";
import { type RunTrace, type TraceOutcome, TraceService } from "./traceService";
import { isTrusted, requireTrust } from "./trust";

/** Delay between a save and its trace: saves in quick succession start one trace. */
const SAVE_DEBOUNCE_MS = 300;

/** What a trace command answers (tests read it; the user sees the views). */
export type TraceCommandResult =
  | { status: "ok"; file: string; result: TraceResult }
  | { status: "error"; file: string; error: TraceError }
  | { status: "cancelled"; file: string }
  | { status: "untrusted" }
  | { status: "no-file" };

const ACTIONS: Record<TraceKind, string> = { trace: "trace the model", check: "check the gradients", train: "train and trace the model" };

/** The extension's tracer: one TraceService whose runner is the worker thread. */
export class Tracer implements vscode.Disposable {
  readonly service: TraceService<TraceRunOptions>;

  constructor(extensionUri: vscode.Uri, output: vscode.OutputChannel) {
    const workerFile = vscode.Uri.joinPath(extensionUri, "out", "worker.js").fsPath;
    const run: RunTrace<TraceRunOptions> = (file, options, signal, onProgress) => {
      output.appendLine(`[trace] ${file} (check ${options.trace.check ?? "fast"}${options.trace.steps ? `, ${options.trace.steps} steps` : ""})`);
      return runModel(file, {
        trace: options.trace,
        timeoutMs: options.timeoutMs,
        memoryMb: options.memoryMb,
        signal,
        onProgress,
        workerFile,
        onOutput: (text) => output.append(`[${baseName(file)}] ${text}`),
      });
    };
    this.service = new TraceService(run, SAVE_DEBOUNCE_MS);
    this.service.onEvent((e) => {
      if (e.type !== "finished") return;
      const o = e.outcome;
      if (o.status === "ok") output.appendLine(`[done] ${e.file}: loss ${String(o.result.loss)} in ${Math.round(o.result.timings.total)} ms`);
      else if (o.status === "error") output.appendLine(`[error] ${e.file}: ${o.error.kind}: ${o.error.message}`);
      else output.appendLine(`[cancelled] ${e.file}`);
    });
  }

  /** A trace the user asked for: refuses in an untrusted workspace (saying why), else runs now. */
  async trace(file: string, kind: TraceKind, steps?: number): Promise<TraceCommandResult> {
    if (!requireTrust(ACTIONS[kind])) return { status: "untrusted" };
    const options = runOptionsFor(kind, readSettings(vscode.Uri.file(file)), steps);
    return commandResult(file, await this.service.trace(file, { kind, options }));
  }

  /** A trace nobody asked for (a save, the side view showing a file): only when trusted and enabled. */
  traceAutomatically(file: string): boolean {
    if (!isTrusted() || !readSettings(vscode.Uri.file(file)).traceOnSave) return false;
    this.service.traceSoon(file, () => ({ kind: "trace", options: runOptionsFor("trace", readSettings(vscode.Uri.file(file))) }));
    return true;
  }

  dispose(): void {
    this.service.dispose();
  }
}

function commandResult(file: string, outcome: TraceOutcome): TraceCommandResult {
  switch (outcome.status) {
    case "ok":
      return { status: "ok", file, result: outcome.result };
    case "error":
      return { status: "error", file, error: outcome.error };
    case "cancelled":
      return { status: "cancelled", file };
  }
}
