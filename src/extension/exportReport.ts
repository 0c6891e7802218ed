// Export Report: the last trace of a model file as a standalone HTML report (the webview's renderer
// with the trace inlined; opens from disk with no server) and as the trace JSON, side by side.
import { writeFile } from "node:fs/promises";
import * as vscode from "vscode";
import type { TraceResult } from "../protocol";
import { loadReportAssets } from "../report/reportAssets";
import { renderReportHtml } from "../report/renderReportHtml";

/** The files an export wrote. */
export interface ExportedReport {
  html: string;
  json: string;
}

/** The JSON beside an HTML report: `mlp.report.html` → `mlp.trace.json`. */
export function jsonPathFor(htmlPath: string): string {
  return `${htmlPath.replace(/(\.report)?\.html?$/i, "")}.trace.json`;
}

/** Writes the report of `result` (a trace of `modelFile`); `extensionUri` holds out/webview.js and media/. */
export async function writeReport(result: TraceResult, modelFile: string, htmlTarget: vscode.Uri, extensionUri: vscode.Uri): Promise<ExportedReport> {
  const paths = { html: htmlTarget.fsPath, json: jsonPathFor(htmlTarget.fsPath) };
  const assets = await loadReportAssets(extensionUri.fsPath);
  const html = renderReportHtml(result, assets, { file: modelFile, generatedAt: new Date().toISOString() });
  await Promise.all([writeFile(paths.html, html), writeFile(paths.json, `${JSON.stringify(result, null, 2)}\n`)]);
  return paths;
}

/** Asks where to save the HTML report (the JSON goes beside it), proposing `<model>.report.html` next to the model. */
export async function askReportTarget(modelFile: string): Promise<vscode.Uri | undefined> {
  const defaultUri = vscode.Uri.file(modelFile.replace(/\.(m?ts|m?js)$/i, "") + ".report.html");
  return vscode.window.showSaveDialog({ defaultUri, filters: { "HTML report": ["html"] }, title: "Backprop Lens: Export Report (HTML, with the trace JSON beside it)" });
}
