// The HTML of the VS Code webview (panel and side view): the same renderer as the report, loaded from
// the extension's own files by nonce under a strict Content-Security-Policy. Pure: the extension
// host passes the webview URIs (asWebviewUri) and its cspSource.
/** URIs (as strings) of the webview's files, made with webview.asWebviewUri. */
export interface WebviewUris {
  script: string;
  panelCss: string;
  codiconCss: string;
}

/** Renders the webview HTML. `cspSource` is webview.cspSource; `nonce` must be fresh per render; `bodyClass` tells the CSS where it runs. */
export function renderWebviewHtml(uris: WebviewUris, cspSource: string, nonce: string, bodyClass = ""): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    // ELK runs in a worker the bundle starts from a blob: URL (webview resources are cross-origin for workers).
    "worker-src blob:",
  ].join("; ");
  const attr = (s: string): string => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<link rel="stylesheet" href="${attr(uris.codiconCss)}">`,
    `<link rel="stylesheet" href="${attr(uris.panelCss)}">`,
    "<title>Backprop Lens</title>",
    "</head>",
    bodyClass ? `<body class="${attr(bodyClass)}">` : "<body>",
    '<div id="bpl-root"></div>',
    `<script nonce="${nonce}" src="${attr(uris.script)}"></script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
