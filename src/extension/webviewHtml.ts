// The HTML of the panel and the side view: the webview bundle (out/webview.js) and its style sheets
// (media/), under a strict Content-Security-Policy: one nonce for the script, nothing inline else,
// nothing from the network; the layout worker starts from a blob: URL the bundle makes.
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";

/** Webview options: scripts on, and only out/ and media/ of this install readable. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, "out"), vscode.Uri.joinPath(extensionUri, "media")] };
}

/** The page that loads the webview bundle. `kind` lets the CSS tell the wide panel from the narrow side view. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, kind: "panel" | "sideView"): string {
  const nonce = randomBytes(16).toString("base64").replace(/[+/=]/g, "");
  const asset = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    "worker-src blob:",
  ].join("; ");
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<link rel="stylesheet" href="${asset("media", "codicons", "codicon.css")}">`,
    `<link rel="stylesheet" href="${asset("media", "webview.css")}">`,
    "<title>Backprop Lens</title>",
    "</head>",
    `<body class="bpl-${kind === "panel" ? "panel" : "side-view"}">`,
    '<div id="bpl-root"></div>',
    `<script nonce="${nonce}" src="${asset("out", "webview.js")}"></script>`,
    "</body>",
    "</html>",
  ].join("\n");
}
