// Loads what the standalone report inlines from an install (the repository, or the extension's
// folder): the built webview bundle, the panel's CSS, the report's theme defaults, and the codicons
// with their font turned into a data: URL (a file:// page may not load fonts from disk).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ReportAssets } from "./renderReportHtml";

/** Files the report needs, relative to the install root. */
export const REPORT_FILES = {
  script: "out/webview.js",
  panelCss: "media/webview.css",
  themeCss: "media/standaloneTheme.css",
  codiconCss: "media/codicons/codicon.css",
  codiconFont: "media/codicons/codicon.ttf",
} as const;

/** Reads the report's assets under `root`; fails naming the missing file (run `npm run build` first for out/webview.js). */
export async function loadReportAssets(root: string): Promise<ReportAssets> {
  const read = async (rel: string): Promise<Buffer> => {
    try {
      return await readFile(join(root, rel));
    } catch (e) {
      const hint = rel === REPORT_FILES.script ? " (run `npm run build` to make it)" : "";
      throw new Error(`report: cannot read ${rel} under ${root}${hint}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const [script, panelCss, themeCss, codiconCss, font] = await Promise.all([
    read(REPORT_FILES.script),
    read(REPORT_FILES.panelCss),
    read(REPORT_FILES.themeCss),
    read(REPORT_FILES.codiconCss),
    read(REPORT_FILES.codiconFont),
  ]);
  return { script: script.toString("utf8"), styles: [inlineFont(codiconCss.toString("utf8"), font), themeCss.toString("utf8"), panelCss.toString("utf8")] };
}

/** Points the codicon @font-face at the font itself (base64 data: URL) instead of a relative file. */
export function inlineFont(css: string, font: Buffer): string {
  return css.replace(/url\((["']?)\.\/codicon\.ttf[^)"']*\1\)/, `url("data:font/ttf;base64,${font.toString("base64")}")`);
}
