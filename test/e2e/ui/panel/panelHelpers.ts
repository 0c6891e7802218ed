// What the gradient panel's specs share: the trace the CLI computes for the same file (the numbers the
// panel must agree with), the panel's tabs and graph canvas, and the colour theme switched per workspace.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FrameLocator, Locator, Page } from "playwright-core";
import { paths } from "../../paths";
import { expectEventually, openFile, runCommand } from "../workbench";
import { panelFrame } from "../product/lens";

/** The parts of the CLI's --json trace result the panel specs compare against. */
export interface CliTrace {
  graph: { nodes: { id: number; op: string; kind: string }[]; truncated: boolean; root: number };
  layers: { name: string; flags: string[] }[];
  checks: unknown[];
}

/** Traces `file` with the repository's CLI (`node out/cli.js trace FILE --json OUT`) and reads the JSON. */
export function cliTrace(file: string, scratchDir: string): CliTrace {
  mkdirSync(scratchDir, { recursive: true });
  const out = join(scratchDir, `${file.replace(/[^\w.-]+/g, "_")}.json`);
  // NOTE: the exit status is not checked: the CLI exits non-zero when a layer is flagged (deep-sigmoid).
  const run = spawnSync(process.execPath, [join(paths.repo, "out", "cli.js"), "trace", file, "--json", out], { encoding: "utf8", timeout: 120_000 });
  try {
    return JSON.parse(readFileSync(out, "utf8")) as CliTrace;
  } catch (error) {
    throw new Error(`the CLI wrote no trace for ${file} (status ${run.status}): ${run.stderr}\n${String(error)}`);
  }
}

/** Opens a workspace file and runs "Trace Backprop" on it; returns the panel's frame. */
export async function traceFile(page: Page, relativePath: string): Promise<FrameLocator> {
  // NOTE: the file opens in the active group: from the panel's group, Trace would open a third group beside it.
  await runCommand(page, "View: Focus First Editor Group");
  await openFile(page, relativePath);
  await runCommand(page, "Backprop Lens: Trace Backprop");
  await page.locator(".tab", { hasText: `Gradients: ${relativePath}` }).waitFor({ timeout: 60_000 });
  const frame = panelFrame(page);
  await expectEventually(() => frame.locator(".bpl-header").innerText(), new RegExp(`${relativePath.replace(/\./g, "\\.")}[\\s\\S]*loss`), "the panel's header", 60_000);
  return frame;
}

/** A tab of the panel (graph, layers, checks, walk). */
export function panelTab(frame: FrameLocator, id: "graph" | "layers" | "checks" | "walk"): Locator {
  return frame.locator(`#bpl-tab-${id}`);
}

/** Waits until the graph canvas has drawn a layout (or shows a layout error) and returns its state. */
export async function graphDrawn(frame: FrameLocator, timeoutMs = 60_000): Promise<string> {
  const canvas = frame.locator(".bpl-canvas");
  const state = await expectEventually(async () => (await canvas.getAttribute("data-graph-state")) ?? "none", /^(drawn|error)$/, "the graph canvas's state", timeoutMs);
  if (state === "error") throw new Error(`the graph failed to draw: ${await frame.locator(".bpl-overlay").innerText()}`);
  return state;
}

/** Sets the workspace's colour theme through its .vscode/settings.json (the workbench applies it live). */
export async function setColorTheme(page: Page, folder: string, theme: string, kind: "light" | "dark"): Promise<void> {
  mkdirSync(join(folder, ".vscode"), { recursive: true });
  writeFileSync(join(folder, ".vscode", "settings.json"), JSON.stringify({ "workbench.colorTheme": theme }, null, 2));
  // The workbench marks its theme's kind with a class: "vs" (light) or "vs-dark".
  await page.locator(`.monaco-workbench.${kind === "light" ? "vs" : "vs-dark"}`).waitFor({ timeout: 30_000 });
}

/** Closes the primary side bar, so screenshots give the editor and the panel the whole window. */
export async function closeSideBar(page: Page): Promise<void> {
  if (await page.locator(".part.sidebar").isVisible()) await runCommand(page, "View: Close Primary Side Bar");
}

/** The key of a drawn box whose middle is on screen and not under the canvas's banner or cards. */
export async function clickableBoxKey(frame: FrameLocator, selector = ".bpl-layer-boxes > g.bpl-box"): Promise<string> {
  const key = await frame.locator(".bpl-canvas").evaluate((canvas, sel) => {
    const area = canvas.getBoundingClientRect();
    for (const box of Array.from(canvas.querySelectorAll<SVGGElement>(sel))) {
      const r = box.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      if (x < area.left || x > area.right || y < area.top || y > area.bottom) continue;
      if (document.elementFromPoint(x, y)?.closest("[data-key]") === box) return box.dataset.key ?? null;
    }
    return null;
  }, selector);
  if (!key) throw new Error(`no box matching ${selector} is on screen in the graph`);
  return key;
}
