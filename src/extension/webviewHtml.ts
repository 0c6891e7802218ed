// The webview options and HTML of the panel and the side view; the page itself (strict CSP, nonce)
// comes from src/report/webviewHtml.ts, which is pure and unit-tested.
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { renderWebviewHtml } from "../report/webviewHtml";

/** Webview options: scripts on, and only out/ and media/ of this install readable. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, "out"), vscode.Uri.joinPath(extensionUri, "media")] };
}

/** The page that loads the webview bundle. `kind` lets the CSS tell the wide panel from the narrow side view. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, kind: "panel" | "sideView"): string {
  const nonce = randomBytes(16).toString("base64").replace(/[+/=]/g, "");
  const asset = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const uris = { script: asset("out", "webview.js"), panelCss: asset("media", "webview.css"), codiconCss: asset("media", "codicons", "codicon.css") };
  return renderWebviewHtml(uris, webview.cspSource, nonce, kind === "panel" ? "bpl-panel" : "bpl-side-view");
}
