// Problems in the editor: warnings where flagged layers were created, errors for failed checks, NaN/Inf
// anomalies and model-file errors. Each model file's trace owns its problems (also those it reports in
// files it imports); a clean trace clears them.
import { readFileSync } from "node:fs";
import * as vscode from "vscode";
import { type DiagnosticSpec, errorDiagnostics, traceDiagnostics } from "./model/diagnosticsModel";
import { callSpanAt, offsetAt, positionAt, wordAt } from "./model/sourceSpan";
import type { TraceEvent } from "./traceService";

/** The diagnostics source shown in the Problems view. */
export const DIAGNOSTIC_SOURCE = "Backprop Lens";

/** The Problems of every traced model file. */
export class TraceDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("backpropLens");
  /** Model file → (file path → its problems from that model's trace). */
  private readonly byModel = new Map<string, Map<string, vscode.Diagnostic[]>>();

  /** Updates the problems of a model file when its trace ends (cancelled traces change nothing). */
  onTraceEvent(e: TraceEvent): void {
    if (e.type !== "finished") return;
    switch (e.outcome.status) {
      case "ok":
        return this.set(e.file, traceDiagnostics(e.outcome.result, e.file));
      case "error":
        return this.set(e.file, errorDiagnostics(e.outcome.error));
      case "cancelled":
        return;
    }
  }

  /** Removes a model file's problems. */
  clear(modelFile: string): void {
    this.set(modelFile, []);
  }

  dispose(): void {
    this.collection.dispose();
  }

  private set(modelFile: string, specs: DiagnosticSpec[]): void {
    const touched = new Set(this.byModel.get(modelFile)?.keys() ?? []);
    const next = new Map<string, vscode.Diagnostic[]>();
    const texts = new Map<string, string | null>();
    for (const spec of specs) {
      if (!texts.has(spec.file)) texts.set(spec.file, readText(spec.file));
      const list = next.get(spec.file) ?? [];
      list.push(toDiagnostic(spec, texts.get(spec.file) ?? null));
      next.set(spec.file, list);
      touched.add(spec.file);
    }
    if (next.size > 0) this.byModel.set(modelFile, next);
    else this.byModel.delete(modelFile);
    // A file's problems are the union over every model whose trace reported into it.
    for (const file of touched) {
      const all = [...this.byModel.values()].flatMap((m) => m.get(file) ?? []);
      this.collection.set(vscode.Uri.file(file), all);
    }
  }
}

function toDiagnostic(spec: DiagnosticSpec, text: string | null): vscode.Diagnostic {
  const d = new vscode.Diagnostic(rangeOf(spec, text), spec.message, spec.severity === "error" ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = spec.code;
  if (spec.related.length > 0) {
    d.relatedInformation = spec.related.map((r) => {
      const pos = new vscode.Position(r.loc.line - 1, r.loc.column - 1);
      return new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.loc.file), pos), r.message);
    });
  }
  return d;
}

/** The call at the place (its first line), else the word there, else the rest of the line. */
function rangeOf(spec: DiagnosticSpec, text: string | null): vscode.Range {
  const start = new vscode.Position(spec.line - 1, Math.max(spec.column - 1, 0));
  if (text === null) return new vscode.Range(start, start.translate(0, 1));
  const offset = offsetAt(text, spec.line, spec.column);
  const lineEnd = text.indexOf("\n", offset) < 0 ? text.length : text.indexOf("\n", offset);
  const span = callSpanAt(text, offset) ?? wordAt(text, offset);
  let end = span ? Math.min(span.end, lineEnd) : lineEnd;
  if (end <= offset) end = lineEnd;
  const endPos = positionAt(text, end);
  const range = new vscode.Range(start, new vscode.Position(endPos.line - 1, endPos.column - 1));
  return range.isEmpty ? new vscode.Range(start, start.translate(0, 1)) : range;
}

function readText(file: string): string | null {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
  if (open) return open.getText();
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}
