// The status bar item: the last loss and verdict of the active model file (a spinner while it traces).
import * as vscode from "vscode";
import { statusView } from "./model/statusText";
import type { TraceService } from "./traceService";
import { isTrusted } from "./trust";

/** The status bar item; click opens the gradient panel. */
export class TraceStatusBar<O> implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("backpropLens.status", vscode.StatusBarAlignment.Left, 50);

  constructor(private readonly service: TraceService<O>) {
    this.item.name = "Backprop Lens";
    this.item.command = "backpropLens.openPanel";
  }

  /** Shows the state of `file` (the active model file), or hides the item when there is none. */
  update(file: string | null, isModelFile: boolean): void {
    const view = file && isModelFile ? statusView(this.service.get(file), isTrusted()) : null;
    if (!view) {
      this.item.hide();
      return;
    }
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor =
      view.severity === "error" ? new vscode.ThemeColor("statusBarItem.errorBackground") : view.severity === "warning" ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
    this.item.show();
  }

  /** The text shown (for tests of the wiring). */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
