// Layout + first draw of the graph panel in headless Chromium, for synthetic transformer-like traces of
// 1,000 and 5,000 nodes: with modules (the default view collapses them) and flat (no modules: above
// 800 boxes laid out by quickLayout instead of ELK; above 6,000 boxes the default view draws the 600
// nearest the loss, and "Show all" then lays out every node).
// Each case loads the standalone report in a fresh page; medians of `--runs` runs. Times include
// starting ELK's worker (most of a second).
// `npm run build && node bench/webviewBench.mjs [--runs 3] [--sizes 1000,5000] [--json]`.
// Needs Chromium and playwright-core (bash test/e2e/setup.sh).
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadRenderer, launch } from "../test/webview/shoot.mjs";

const root = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const runs = Number(opt("runs", "3"));
const sizes = opt("sizes", "1000,5000").split(",").map(Number);
const json = args.includes("--json");
const out = join(root, "test-results", "webview-bench");

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

const { writeReports } = await loadRenderer();
const cases = [];
for (const flat of [true, false]) {
  const files = await writeReports(root, out, [], sizes, flat);
  files.forEach((file, i) => cases.push({ file, size: sizes[i], flat }));
}
const browser = await launch();
const results = [];
try {
  for (const c of cases) {
    const samples = [];
    for (let r = 0; r < runs; r++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const t0 = Date.now();
      await page.goto(pathToFileURL(c.file).href);
      await page.waitForSelector('[data-graph-state="drawn"], [data-graph-state="error"], [data-graph-state="notice"]', { timeout: 120_000 });
      const state = await page.$eval(".bpl-canvas", (el) => el.dataset.graphState);
      if (state !== "drawn") throw new Error(`${c.file}: graph ${state}: ${await page.$eval(".bpl-overlay", (el) => el.textContent)}`);
      const wall = Date.now() - t0;
      const d = await page.$eval(".bpl-canvas", (el) => ({ ...el.dataset }));
      const nodes = await page.$eval(".bpl-toolbar-text", (el) => el.textContent);
      const sample = { firstDraw: Number(d.firstDrawMs), layout: Number(d.layoutMs), draw: Number(d.drawMs), boxes: Number(d.boxes), wall, nodes, all: null };
      if (c.flat && (await page.$(".bpl-canvas-banner:not([hidden])")) !== null) {
        // "Show all": every node, as the banner offers.
        await page.click('.bpl-canvas-banner .bpl-button:has-text("Show all")');
        await page.waitForFunction(
          (before) => {
            const el = globalThis.document.querySelector(".bpl-canvas");
            return el.dataset.graphState === "error" || (el.dataset.graphState === "drawn" && el.dataset.boxes !== before);
          },
          d.boxes,
          { timeout: 120_000 },
        );
        const a = await page.$eval(".bpl-canvas", (el) => ({ ...el.dataset }));
        sample.all = a.graphState === "drawn" ? { boxes: Number(a.boxes), ms: Number(a.layoutMs) + Number(a.drawMs) } : { boxes: 0, ms: NaN, error: await page.$eval(".bpl-overlay", (el) => el.textContent) };
      }
      if (c.flat) sample.fit = await fitWhole(page);
      samples.push(sample);
      await page.close();
    }
    const row = {
      case: `${c.size} nodes, ${c.flat ? "flat" : "modules"} (default view)`,
      boxes: samples[0].boxes,
      firstDrawMs: median(samples.map((s) => s.firstDraw)),
      layoutMs: median(samples.map((s) => s.layout)),
      drawMs: median(samples.map((s) => s.draw)),
      pageLoadMs: median(samples.map((s) => s.wall)),
      samples: samples.map((s) => s.firstDraw),
    };
    if (c.flat) row.fit = { ms: median(samples.map((s) => s.fit.ms)), drawn: samples[0].fit.drawn, runs: samples.map((s) => s.fit.ms) };
    const all = samples.map((s) => s.all).filter((a) => a !== null);
    if (all.length > 0) {
      const ok = all.filter((a) => !a.error);
      row.showAll = { boxes: ok[0]?.boxes ?? null, ms: ok.length > 0 ? median(ok.map((a) => a.ms)) : null, failed: all.length - ok.length, runs: all.map((a) => (a.error ? `failed (${a.error})` : a.ms)) };
    }
    results.push(row);
    if (json) console.log(JSON.stringify(row));
    else {
      console.log(`${row.case.padEnd(34)} ${String(row.boxes).padStart(5)} boxes  layout+draw ${String(row.firstDrawMs).padStart(5)} ms (layout ${row.layoutMs}, draw ${row.drawMs}; page load to drawn ${row.pageLoadMs} ms; runs ${row.samples.join(", ")})`);
      if (row.fit) console.log(`${"  then Fit (key 0: the whole graph)".padEnd(34)} ${String(row.fit.drawn).padStart(5)} drawn  until painted ${String(row.fit.ms).padStart(5)} ms (runs ${row.fit.runs.join(", ")})`);
      if (row.showAll) console.log(`${"  then Show all".padEnd(34)} ${String(row.showAll.boxes ?? "-").padStart(5)} boxes  layout+draw ${String(row.showAll.ms ?? "-").padStart(5)} ms (runs ${row.showAll.runs.join(", ")})`);
    }
  }
} finally {
  await browser.close();
}

/** Presses 0 (fit the whole graph) and times it until the frame after the one that draws it. */
async function fitWhole(page) {
  return page.$eval(".bpl-canvas", async (canvas) => {
    const t0 = performance.now();
    canvas.dispatchEvent(new globalThis.KeyboardEvent("keydown", { key: "0", bubbles: true }));
    const frame = globalThis.requestAnimationFrame;
    await new Promise((r) => frame(() => frame(() => frame(r))));
    return { ms: Math.round(performance.now() - t0), drawn: Number(canvas.dataset.drawnBoxes ?? canvas.querySelectorAll(".bpl-layer-boxes > g").length) };
  });
}
