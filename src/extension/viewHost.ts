// What the panel and the side view share: wiring a webview to its message channel, and acting on
// what the webview asks for (open a source line, trace again, export).
import * as vscode from "vscode";
import type { HostToWebview, WebviewToHost } from "../protocol";
import { assertNever } from "../protocol";
import { activeModelFileOrNull, revealSource } from "./editorFiles";
import { stateMessages } from "./model/viewMessages";
import type { Tracer } from "./tracing";
import { isTrusted } from "./trust";
import { type ChannelOwner, WebviewChannel } from "./webviewChannel";

/** What views need from the rest of the extension. */
export interface ViewDeps {
  tracer: Tracer;
  output: vscode.OutputChannel;
  extensionUri: vscode.Uri;
}

/** Connects a webview to a new channel; `file()` is the model file the view shows (null: none yet). */
export function connectWebview(webview: vscode.Webview, deps: ViewDeps, file: () => string | null, snapshot: () => HostToWebview[], disposables: vscode.Disposable[]): WebviewChannel {
  const owner: ChannelOwner = {
    snapshot,
    onMessage: (m) => handleViewMessage(m, file(), deps),
    onInvalid: (data) => deps.output.appendLine(`[webview] ignored a message that is not in the protocol: ${JSON.stringify(data).slice(0, 200)}`),
  };
  const channel = new WebviewChannel((m) => webview.postMessage(m), owner);
  disposables.push(webview.onDidReceiveMessage((data: unknown) => channel.receive(data)));
  return channel;
}

/** Acts on a checked webview message. */
export function handleViewMessage(m: Exclude<WebviewToHost, { type: "ready" }>, file: string | null, deps: ViewDeps): void {
  switch (m.type) {
    case "revealSource":
      void revealSource(m.loc);
      return;
    case "retrace": {
      const target = file ?? activeModelFileOrNull();
      if (target) void deps.tracer.trace(target, "trace");
      else void vscode.window.showInformationMessage("Backprop Lens: open a model file (a .ts or .js file that imports \"backprop-lens\") to trace it.");
      return;
    }
    case "exportReport":
      void vscode.commands.executeCommand("backpropLens.exportReport", file ? vscode.Uri.file(file) : undefined);
      return;
    case "invalidMessage":
      deps.output.appendLine(`[webview] rejected a message from the host: ${m.error}`);
      return;
    default:
      assertNever(m);
  }
}

/** The messages that show `file` now; in an untrusted workspace, why nothing was traced. */
export function snapshotFor(file: string | null, deps: ViewDeps): HostToWebview[] {
  if (file === null) return [{ type: "clear" }];
  const state = deps.tracer.service.get(file);
  if (!state && !isTrusted()) {
    return [{ type: "error", error: { file, message: "This workspace is not trusted: Backprop Lens runs model files (they are code) only in trusted workspaces. Use “Manage Workspace Trust” to trust it.", loc: null } }];
  }
  return stateMessages(file, state);
}
