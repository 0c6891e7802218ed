// The standalone HTML report: the webview's own renderer with the trace inlined, in one file that a
// browser opens from disk with no server. Used by the CLI (--html) and the extension (Export Report).
// Pure: the caller loads the assets (see reportAssets.ts).
import type { TraceResult } from "../protocol";

/** What the report inlines: the built webview bundle and its style sheets. */
export interface ReportAssets {
  /** out/webview.js. */
  script: string;
  /** Style sheets, in order: codicons (font inlined as a data: URL), the theme defaults, the panel's CSS. */
  styles: string[];
}

/** Options of a report. */
export interface ReportOptions {
  /** The model file the trace belongs to (shown in the header). */
  file: string;
  /** When the report was made (shown in the header), e.g. an ISO date. */
  generatedAt?: string;
  /** Nonce of the inline script and styles; random when omitted. */
  nonce?: string;
}

/** Id of the element holding the inlined trace (read by webview/main.ts). */
export const REPORT_DATA_ID = "bpl-report-data";

/**
 * Renders the report. CSP: nothing may load from anywhere; the one script and the style blocks run
 * by nonce; the layout worker starts from a blob: URL made by the script; fonts and images are data: URLs.
 */
export function renderReportHtml(result: TraceResult, assets: ReportAssets, options: ReportOptions): string {
  const nonce = options.nonce ?? randomNonce();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "font-src data:",
    "img-src data:",
    "worker-src blob:",
  ].join("; ");
  const data = inlineJson({ file: options.file, generatedAt: options.generatedAt ?? null, result });
  const title = `Backprop Lens — ${baseName(options.file)}`;
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    ...assets.styles.map((css) => `<style nonce="${nonce}">\n${inlineStyle(css)}\n</style>`),
    "</head>",
    '<body class="bpl-standalone">',
    '<div id="bpl-root"></div>',
    `<script type="application/json" id="${REPORT_DATA_ID}">${data}</script>`,
    `<script nonce="${nonce}">\n${inlineScript(assets.script)}\n</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/** JSON that is safe inside a <script> element: no "</script", no "<!--", no HTML-significant "<". */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A bundle made safe to inline: "</script" can only occur inside strings, comments or regexes, where "<\/" means the same. */
export function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--").replace(/^\/\/# sourceMappingURL=.*$/gm, "");
}

function inlineStyle(css: string): string {
  return css.replace(/<\/(style)/gi, "<\\/$1");
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1);
}

function randomNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64").replace(/[+/=]/g, "");
}
