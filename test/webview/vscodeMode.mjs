/* global window -- page.evaluate callbacks run in the browser */
// Drives the webview the way the extension host will: the page from renderWebviewHtml with a stand-in
// acquireVsCodeApi, then the host's messages one by one (tracing, error, trace, an invalid message,
// focus, clear). Checks what the webview posts back and screenshots each state into test-results/webview/.
// `node test/webview/vscodeMode.mjs` after `npm run build`.
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launch, loadRenderer } from "./shoot.mjs";

const root = resolve(import.meta.dirname, "../..");
const out = join(root, "test-results", "webview");
const { webviewPage, lectureTraceJson } = await loadRenderer();
const page0 = join(out, "vscode-mode.html");
writeFileSync(page0, webviewPage(root));
const trace = JSON.parse(lectureTraceJson());

const browser = await launch();
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
};
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 760 }, colorScheme: "dark" });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(pathToFileURL(page0).href);
  const posted = () => page.evaluate(() => window.__posted);
  const send = (m) => page.evaluate((msg) => window.postMessage(msg, "*"), m);
  await page.waitForFunction(() => (window.__posted ?? []).length > 0);
  check((await posted())[0]?.type === "ready", "posts ready on load");
  await page.screenshot({ path: join(out, "vscode-empty.png") });
  check((await page.textContent("h1")) === "No trace yet", "shows the empty state");
  await send({ type: "tracing", file: "/w/examples/lecture-net.ts" });
  check((await page.textContent("h1")).startsWith("Tracing lecture-net.ts"), "shows tracing");
  await send({ type: "error", error: { file: "/w/examples/lecture-net.ts", message: "TypeError: w1.mull is not a function", loc: { file: "/w/examples/lecture-net.ts", line: 14, column: 22 }, detail: "TypeError: w1.mull is not a function\n    at loss (lecture-net.ts:14:22)" } });
  await page.screenshot({ path: join(out, "vscode-error.png") });
  await page.click(".bpl-error-where .bpl-link");
  check(JSON.stringify((await posted()).at(-1)) === JSON.stringify({ type: "revealSource", loc: { file: "/w/examples/lecture-net.ts", line: 14, column: 22 } }), "the error's line link reveals the source");
  await send({ type: "trace", file: "/w/examples/lecture-net.ts", result: trace });
  await page.waitForSelector('[data-graph-state="drawn"]');
  check(true, "draws a trace");
  await send({ type: "trace", file: "x", result: { ...trace, graph: { ...trace.graph, root: 999 } } });
  const last = (await posted()).at(-1);
  check(last.type === "invalidMessage" && last.error === "trace.graph.root: expected a node id", "reports an invalid message and ignores it");
  await send({ type: "focus", target: { kind: "param", name: "w2" } });
  await page.waitForTimeout(300);
  check((await page.textContent(".bpl-details-title")) === "w2", "focus selects a parameter's node");
  await page.click(".bpl-details .bpl-button");
  check((await posted()).at(-1).type === "revealSource", "Go to source posts revealSource");
  await page.click("#bpl-tab-checks");
  await page.waitForTimeout(300);
  const state = await page.evaluate(() => window.__state);
  check(state?.tab === "checks" && state?.file === "/w/examples/lecture-net.ts", "keeps the UI state through setState");
  await page.screenshot({ path: join(out, "vscode-trace.png") });
  // Reload (as VS Code does when a hidden panel is shown again): the state comes back.
  await page.evaluate((s) => sessionStorage.setItem("bpl-state", JSON.stringify(s)), state);
  await page.reload();
  await page.waitForFunction(() => (window.__posted ?? []).length > 0);
  await send({ type: "trace", file: "/w/examples/lecture-net.ts", result: trace });
  await page.waitForTimeout(400);
  check((await page.getAttribute("#bpl-tab-checks", "aria-selected")) === "true", "restores the tab after a reload");
  await send({ type: "clear" });
  check((await page.textContent("h1")) === "No trace yet", "clear returns to the empty state");
  check(errors.length === 0, `no page errors${errors.length ? `: ${errors.join("; ")}` : ""}`);
} finally {
  await browser.close();
}
if (failures.length > 0) process.exit(1);
