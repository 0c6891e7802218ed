// The gradient panel: one per model file, beside the editor; "Trace Backprop" creates or reveals it.
// Revived after a window reload by the serializer (the webview's saved state names its file).
import { existsSync } from "node:fs";
import * as vscode from "vscode";
import type { FocusTarget, HostToWebview, WebviewTab } from "../protocol";
import { baseName } from "./model/format";
import { eventMessages, focusMessage, tabMessage } from "./model/viewMessages";
import type { TraceEvent } from "./traceService";
import { isTrusted } from "./trust";
import { type ViewDeps, connectWebview, snapshotFor } from "./viewHost";
import type { WebviewChannel } from "./webviewChannel";
import { webviewHtml, webviewOptions } from "./webviewHtml";

/** The panel's view type (also its serializer's). */
export const PANEL_VIEW_TYPE = "backpropLens.gradientPanel";

interface Entry {
  panel: vscode.WebviewPanel;
  channel: WebviewChannel;
}

/** Every open gradient panel, by model file. */
export class GradientPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly panels = new Map<string, Entry>();

  constructor(private readonly deps: ViewDeps) {}

  /** Reveals the panel of `file`, creating it beside the active editor if there is none. */
  createOrShow(file: string, preserveFocus = true): vscode.WebviewPanel {
    const existing = this.panels.get(file);
    if (existing) {
      existing.panel.reveal(undefined, preserveFocus);
      return existing.panel;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, title(file), { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, webviewOptions(this.deps.extensionUri));
    this.attach(panel, file);
    return panel;
  }

  /** Whether `file` has an open panel. */
  has(file: string): boolean {
    return this.panels.has(file);
  }

  /** Files with open panels. */
  files(): string[] {
    return [...this.panels.keys()];
  }

  /** Asks the panel of `file` to show a node, parameter or layer. */
  focus(file: string, target: FocusTarget): void {
    this.panels.get(file)?.channel.post(focusMessage(target));
  }

  /** Asks the panel of `file` to show a tab. */
  showTab(file: string, tab: WebviewTab): void {
    this.panels.get(file)?.channel.post(tabMessage(tab));
  }

  /** Passes a trace event to the panel of its file. */
  onTraceEvent(e: TraceEvent): void {
    const entry = this.panels.get(e.file);
    if (!entry) return;
    for (const m of eventMessages(e, this.deps.tracer.service.get(e.file))) entry.channel.post(m);
  }

  /** Revives a panel VS Code restored after a reload: its state names the file (no file: nothing to show, closed). */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const file = typeof state === "object" && state !== null && typeof (state as { file?: unknown }).file === "string" ? (state as { file: string }).file : null;
    if (!file || !existsSync(file) || this.panels.has(file)) {
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(this.deps.extensionUri);
    panel.title = title(file);
    this.attach(panel, file);
    // The result did not survive the reload: trace again (only when trusted; otherwise the panel says why).
    if (!this.deps.tracer.service.get(file) && isTrusted()) void this.deps.tracer.trace(file, "trace");
  }

  dispose(): void {
    for (const { panel } of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }

  private attach(panel: vscode.WebviewPanel, file: string): void {
    const disposables: vscode.Disposable[] = [];
    const channel = connectWebview(panel.webview, this.deps, () => file, (): HostToWebview[] => snapshotFor(file, this.deps), disposables);
    this.panels.set(file, { panel, channel });
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, "media", "activity-icon.svg");
    disposables.push(
      // A hidden panel's webview is discarded (no retained context): it says "ready" again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) channel.reset();
      }),
      panel.onDidDispose(() => {
        if (this.panels.get(file)?.panel === panel) this.panels.delete(file);
        for (const d of disposables) d.dispose();
      }),
    );
    panel.webview.html = webviewHtml(panel.webview, this.deps.extensionUri, "panel");
  }
}

function title(file: string): string {
  return `Gradients: ${baseName(file)}`;
}
