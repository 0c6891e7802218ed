import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { suiteSetup, suiteTeardown, teardown } from "mocha";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, newPage } from "../browser";
import { copyWorkspace, workbenchUrl } from "../codeServer";
import { screenshot, uiResultsDir, waitForWorkbench } from "./workbench";

/** What runUiTests.ts tells the specs about the code-server it started. */
function serverFromEnv(): { url: string; scratch: string } {
  const url = process.env.BACKPROP_LENS_E2E_URL;
  const scratch = process.env.BACKPROP_LENS_E2E_SCRATCH;
  if (!url || !scratch) throw new Error("UI specs run under test/e2e/runUiTests.ts (npm run test:ui), which starts code-server");
  return { url, scratch };
}

/** The page of a workbench opened for one suite. */
export interface WorkbenchSession {
  readonly page: Page;
  /** The workspace folder on disk (a fresh copy of test/e2e/workspaces/NAME). */
  readonly folder: string;
}

/**
 * Gives the calling suite its own browser and workbench window on a fresh copy of the workspace
 * test/e2e/workspaces/NAME; screenshots every failed test into test-results/ui, where the page's console
 * (webview and extension-host errors included) goes to workbench-console.log.
 */
export function useWorkbench(workspace = "basic"): WorkbenchSession {
  let browser: Browser | undefined;
  let page: Page | undefined;
  let folder: string | undefined;
  suiteSetup(async function () {
    this.timeout(180_000);
    const server = serverFromEnv();
    folder = await copyWorkspace(workspace, join(server.scratch, "workspaces"));
    browser = await launchBrowser(join(server.scratch, "browser"));
    page = await newPage(browser);
    const consoleLog = join(uiResultsDir, "workbench-console.log");
    const suiteTitle = this.test?.parent?.title ?? "";
    mkdirSync(uiResultsDir, { recursive: true });
    page.on("console", (message) => appendFileSync(consoleLog, `[${suiteTitle}] [${message.type()}] ${message.text()}\n`));
    await page.goto(workbenchUrl(server.url, folder));
    await waitForWorkbench(page);
  });
  teardown(async function () {
    const test = this.currentTest;
    if (page && test?.state === "failed") await screenshot(page, `FAILED ${test.fullTitle()}`).catch(() => undefined);
  });
  suiteTeardown(async () => {
    await browser?.close();
  });
  return {
    get page(): Page {
      if (!page) throw new Error("useWorkbench: the workbench is not open (suiteSetup failed?)");
      return page;
    },
    get folder(): string {
      if (!folder) throw new Error("useWorkbench: no workspace yet (suiteSetup failed?)");
      return folder;
    },
  };
}
