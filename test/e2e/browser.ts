import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { track } from "./cleanup";
import { paths } from "./paths";
import { loadPlaywright } from "./playwright";

// Flags measured to work headless and offline on Debian's Chromium (see E2E-NOTES.md).
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches Debian's Chromium through playwright-core; it is closed on every exit path. */
export async function launchBrowser(scratchDir: string): Promise<Browser> {
  const xdgConfig = join(scratchDir, "chromium-config");
  const xdgCache = join(scratchDir, "chromium-cache");
  await mkdir(xdgConfig, { recursive: true });
  await mkdir(xdgCache, { recursive: true });
  const browser = await loadPlaywright().chromium.launch({
    executablePath: paths.chromium,
    headless: true,
    args: chromiumArgs,
    env: { ...process.env, XDG_CONFIG_HOME: xdgConfig, XDG_CACHE_HOME: xdgCache },
    timeout: 60_000,
    // Our own handlers stop code-server too; playwright-core still kills the browser when Node exits.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const untrack = track({ name: "Chromium", stop: () => browser.close(), killNow: () => undefined });
  browser.on("disconnected", untrack);
  return browser;
}

/** A fresh page with the viewport the screenshots are taken at. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(30_000);
  return context.newPage();
}
