// Writes the standalone report of every fixture (and of synthetic graphs of given sizes) to a folder,
// through the same renderReportHtml the CLI and the extension use. Run by shoot.mjs and the benchmark
// after bundling with esbuild.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { TraceResult } from "../../src/protocol";
import { loadReportAssets } from "../../src/report/reportAssets";
import { renderReportHtml } from "../../src/report/renderReportHtml";
import { renderWebviewHtml } from "../../src/report/webviewHtml";
import { customOpTrace, deepSigmoidTrace, lectureExample1Trace, lectureNetTrace, transformerTrace } from "./fixtures";
import { syntheticTrace } from "./syntheticTrace";

/** The named fixtures a report is written for. */
export const FIXTURES: Record<string, () => TraceResult> = {
  "lecture-net": lectureNetTrace,
  "chain-rule": lectureExample1Trace,
  "deep-sigmoid": deepSigmoidTrace,
  "custom-op": customOpTrace,
  transformer: () => transformerTrace(4),
};

/** Writes <name>.html for each fixture in `names` (all by default) and synthetic-<n>[-flat].html for each size. */
export async function writeReports(root: string, outDir: string, names: string[] | null, sizes: number[], flat: boolean): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const assets = await loadReportAssets(root);
  const written: string[] = [];
  const write = (name: string, file: string, result: TraceResult): void => {
    const path = join(outDir, `${name}.html`);
    writeFileSync(path, renderReportHtml(result, assets, { file, generatedAt: "2025-01-01 12:00" }));
    written.push(path);
  };
  for (const [name, make] of Object.entries(FIXTURES)) {
    if (names && !names.includes(name)) continue;
    write(name, `/workspace/examples/${name}.ts`, make());
  }
  for (const n of sizes) write(`synthetic-${n}${flat ? "-flat" : ""}`, `/workspace/synthetic-${n}.ts`, syntheticTrace(n, { modules: !flat }));
  return written;
}

/** A webview page as the extension host will serve it, with a stand-in acquireVsCodeApi that records what is posted (state survives reloads in sessionStorage). */
export function webviewPage(root: string): string {
  const nonce = "testnonce123";
  const stub = `<script nonce="${nonce}">
    window.__posted = [];
    const saved = sessionStorage.getItem("bpl-state");
    window.__state = saved ? JSON.parse(saved) : undefined;
    window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => window.__state, setState: (s) => { window.__state = s; } });
  </script>`;
  const url = (rel: string): string => pathToFileURL(join(root, rel)).href;
  const html = renderWebviewHtml({ script: url("out/webview.js"), panelCss: url("media/webview.css"), codiconCss: url("media/codicons/codicon.css") }, "file:", nonce);
  const theme = `<link rel="stylesheet" href="${url("media/standaloneTheme.css")}">`;
  return html.replace("<title>", `${theme}<title>`).replace('<div id="bpl-root"></div>', `<div id="bpl-root"></div>${stub}`);
}

/** The lecture net's trace as JSON (what the host posts). */
export function lectureTraceJson(): string {
  return JSON.stringify(lectureNetTrace());
}

/** Writes the report of each trace-result JSON file (e.g. from `backprop-lens trace --json`), next to outDir as <name>.html. */
export async function writeJsonReports(root: string, outDir: string, jsonFiles: string[]): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const assets = await loadReportAssets(root);
  return jsonFiles.map((file) => {
    const result = JSON.parse(readFileSync(file, "utf8")) as TraceResult;
    const name = file.replace(/^.*\//, "").replace(/\.json$/, "");
    const path = join(outDir, `${name}.html`);
    writeFileSync(path, renderReportHtml(result, assets, { file: `/workspace/examples/${name}.ts`, generatedAt: "2025-01-01 12:00" }));
    return path;
  });
}
