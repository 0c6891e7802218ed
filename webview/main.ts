// Entry of the webview bundle. In VS Code it listens for the host's messages (each one checked
// against the protocol before use) and says "ready"; in a standalone report it renders the trace
// inlined in the page.
import { connectHost } from "./host";
import { parseHostMessage } from "./messages";
import { checkTraceResult } from "./model/traceGuard";
import { App } from "./view/app";

/** Id of the inlined report data: {"file", "result", "generatedAt"}. */
const REPORT_DATA_ID = "bpl-report-data";

function start(): void {
  const root = document.getElementById("bpl-root") ?? document.body.appendChild(document.createElement("div"));
  const host = connectHost();
  const app = new App(root, host);
  if (host.mode === "vscode") {
    window.addEventListener("message", (event: MessageEvent<unknown>) => {
      const parsed = parseHostMessage(event.data);
      if (!parsed.ok) {
        console.warn(`Backprop Lens: ignored a message: ${parsed.error}`);
        host.post({ type: "invalidMessage", error: parsed.error });
        return;
      }
      app.handle(parsed.message);
    });
    host.post({ type: "ready" });
    return;
  }
  // A standalone report never listens for messages: nothing outside the page can change it.
  const data = document.getElementById(REPORT_DATA_ID)?.textContent;
  if (!data) return;
  const raw = JSON.parse(data) as { file?: unknown; result?: unknown; generatedAt?: unknown };
  const checked = checkTraceResult(raw.result);
  if (!checked.ok) {
    app.handle({ type: "error", error: { file: typeof raw.file === "string" ? raw.file : "report", message: `The report's trace is not valid: ${checked.error}`, loc: null } });
    return;
  }
  app.setReport(typeof raw.generatedAt === "string" ? raw.generatedAt : null);
  app.showTrace(typeof raw.file === "string" ? raw.file : "model", checked.value);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
