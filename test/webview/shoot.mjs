// Renders the fixtures' standalone reports in headless Chromium and takes screenshots (light and dark)
// of every tab, for looking at the UI. `node test/webview/shoot.mjs [fixture… | trace.json…]`; PNGs land in
// test-results/webview/. Needs `npm run build` (out/webview.js) and test/e2e/setup.sh (Chromium,
// playwright-core).
import { build } from "esbuild";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "../..");
const out = join(root, "test-results", "webview");
mkdirSync(out, { recursive: true });

/** Bundles renderFixtures.ts for Node and returns its exports. */
export async function loadRenderer() {
  const file = join(out, "renderFixtures.cjs");
  await build({
    entryPoints: [join(root, "test/webview/renderFixtures.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    outfile: file,
    alias: { "backprop-lens": join(root, "src/api.ts") },
    logLevel: "warning",
  });
  return createRequire(import.meta.url)(file);
}

/** playwright-core from the e2e host folder (not a root dependency). */
export function loadPlaywright() {
  return createRequire(join(root, "test/e2e/host/package.json"))("playwright-core");
}

/** Launches Debian's Chromium headless and offline. */
export async function launch() {
  const { chromium } = loadPlaywright();
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    env: { ...process.env, XDG_CONFIG_HOME: join(out, "xdg-config"), XDG_CACHE_HOME: join(out, "xdg-cache") },
  });
}

async function main() {
  const args = process.argv.slice(2);
  const json = args.filter((a) => a.endsWith(".json"));
  const names = args.filter((a) => !a.endsWith(".json"));
  const { writeReports, writeJsonReports } = await loadRenderer();
  // Trace-result JSON files (from `backprop-lens trace --json`) are shot as they are; names pick fixtures.
  const files = json.length > 0 ? await writeJsonReports(root, out, json) : await writeReports(root, out, names.length > 0 ? names : null, [], false);
  const browser = await launch();
  try {
    for (const file of files) {
      const name = file.replace(/^.*\//, "").replace(/\.html$/, "");
      for (const scheme of ["dark", "light"]) {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: scheme });
        const errors = [];
        page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
        page.on("pageerror", (e) => errors.push(String(e)));
        await page.goto(pathToFileURL(file).href);
        await page.waitForSelector('[data-graph-state="drawn"]', { timeout: 60_000 });
        const shot = async (tab) => page.screenshot({ path: join(out, `${name}-${tab}-${scheme}.png`) });
        // Select the loss (Home), so the details pane shows something.
        await page.focus(".bpl-canvas");
        await page.keyboard.press("Home");
        await page.waitForTimeout(300);
        await shot("graph");
        for (const tab of ["layers", "checks", "walk"]) {
          await page.click(`#bpl-tab-${tab}`);
          if (tab === "walk") {
            await page.click(".bpl-walk-controls .bpl-button");
            for (let i = 0; i < 3; i++) await page.click('[aria-label="Next step (→)"]');
          }
          await page.waitForTimeout(400);
          await shot(tab);
        }
        if (errors.length > 0) console.log(`${name} (${scheme}): page errors:\n  ${errors.join("\n  ")}`);
        await page.close();
      }
      console.log(`shot ${name}`);
    }
  } finally {
    await browser.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
