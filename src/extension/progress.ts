// A progress notification with Cancel for traces still running after about a second (quick ones
// finish without one). Cancel stops the worker.
import * as vscode from "vscode";
import { baseName } from "./model/format";
import type { TraceEvent, TraceService } from "./traceService";

const SHOW_AFTER_MS = 1000;

const PHASES: Record<string, string> = { trace: "forward and backward", checks: "gradient checks", history: "training" };

/** Shows progress for the service's slow traces until they end; returns the disposable that stops it. */
export function showSlowTraceProgress<O>(service: TraceService<O>): vscode.Disposable {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const waiting = new Map<string, Set<(e: TraceEvent) => void>>();
  const stop = service.onEvent((e) => {
    if (e.type === "started") {
      clearTimeout(timers.get(e.file));
      timers.set(e.file, setTimeout(() => open(e.file), SHOW_AFTER_MS));
    } else if (e.type === "finished") {
      clearTimeout(timers.get(e.file));
      timers.delete(e.file);
    }
    for (const l of waiting.get(e.file) ?? []) l(e);
  });

  const open = (file: string): void => {
    timers.delete(file);
    if (!service.get(file)?.running) return;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Backprop Lens: tracing ${baseName(file)}`, cancellable: true },
      (progress, token) =>
        new Promise<void>((resolve) => {
          const listeners = waiting.get(file) ?? new Set();
          waiting.set(file, listeners);
          const listener = (e: TraceEvent): void => {
            // Messages only: the phases have different totals, so one bar would jump back and forth.
            if (e.type === "progress") progress.report({ message: `${PHASES[e.progress.phase] ?? e.progress.phase} ${e.progress.done}/${e.progress.total}` });
            else if (e.type === "finished") done();
          };
          const done = (): void => {
            listeners.delete(listener);
            resolve();
          };
          listeners.add(listener);
          token.onCancellationRequested(() => {
            service.cancel(file);
            done();
          });
        }),
    );
  };

  return new vscode.Disposable(() => {
    stop();
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  });
}
