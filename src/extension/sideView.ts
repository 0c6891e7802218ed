// The "Gradients" side view: the latest trace of the active model file, following the editor. When it
// shows a model file nobody traced yet, it traces it (if trace-on-save is on and the workspace trusted).
import * as vscode from "vscode";
import type { HostToWebview } from "../protocol";
import { eventMessages } from "./model/viewMessages";
import type { TraceEvent } from "./traceService";
import { type ViewDeps, connectWebview, snapshotFor } from "./viewHost";
import type { WebviewChannel } from "./webviewChannel";
import { webviewHtml, webviewOptions } from "./webviewHtml";

/** The view's id (package.json contributes.views). */
export const SIDE_VIEW_ID = "backpropLens.gradients";

/** Provides the side view's webview. */
export class GradientsViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | null = null;
  private channel: WebviewChannel | null = null;
  private file: string | null = null;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly deps: ViewDeps,
    private readonly isModelFile: (doc: vscode.TextDocument) => boolean,
  ) {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && isModelFile(doc)) this.file = doc.uri.fsPath;
  }

  /** The model file the view shows (null: none yet). */
  get shownFile(): string | null {
    return this.file;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.deps.extensionUri);
    this.channel = connectWebview(view.webview, this.deps, () => this.file, (): HostToWebview[] => snapshotFor(this.file, this.deps), this.disposables);
    this.disposables.push(
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.channel?.reset();
        else this.traceIfUnknown();
      }),
      view.onDidDispose(() => {
        this.view = null;
        this.channel = null;
      }),
    );
    view.webview.html = webviewHtml(view.webview, this.deps.extensionUri, "sideView");
    this.traceIfUnknown();
  }

  /** The active editor changed: follow it to another model file (other editors leave the view as it is). */
  follow(editor: vscode.TextEditor | undefined): void {
    const doc = editor?.document;
    if (!doc || !this.isModelFile(doc) || doc.uri.fsPath === this.file) return;
    this.file = doc.uri.fsPath;
    this.channel?.sync();
    this.traceIfUnknown();
  }

  /** Passes a trace event on if it is about the shown file (a trace of another file is followed too when run from a command). */
  onTraceEvent(e: TraceEvent): void {
    if (e.file !== this.file) return;
    for (const m of eventMessages(e, this.deps.tracer.service.get(e.file))) this.channel?.post(m);
  }

  /** Shows `file` (a command traced it). */
  show(file: string): void {
    if (file === this.file) return;
    this.file = file;
    this.channel?.sync();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private traceIfUnknown(): void {
    if (!this.view?.visible || !this.file || this.deps.tracer.service.get(this.file)) return;
    this.deps.tracer.traceAutomatically(this.file);
  }
}
