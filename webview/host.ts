// The webview's link to whatever hosts it: VS Code (messages and persisted state through
// acquireVsCodeApi) or the standalone report page (no host: state in memory, source links as
// vscode:// URLs that open the file in a locally installed VS Code).
import type { SourceLoc, WebviewToHost } from "../src/protocol";

/** What the UI needs from its host. */
export interface HostBridge {
  readonly mode: "vscode" | "standalone";
  post(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
  /** Opens a source location in the editor. */
  revealSource(loc: SourceLoc): void;
  /** A link that opens the location (standalone report), or null when revealSource does it. */
  sourceHref(loc: SourceLoc): string | null;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

/** Connects to VS Code when running in a webview, else returns the standalone bridge. */
export function connectHost(): HostBridge {
  if (typeof acquireVsCodeApi === "function") {
    const api = acquireVsCodeApi();
    return {
      mode: "vscode",
      post: (m) => api.postMessage(m),
      getState: () => api.getState(),
      setState: (s) => api.setState(s),
      revealSource: (loc) => api.postMessage({ type: "revealSource", loc } satisfies WebviewToHost),
      sourceHref: () => null,
    };
  }
  let state: unknown = undefined;
  return {
    mode: "standalone",
    post: () => undefined,
    getState: () => state,
    setState: (s) => {
      state = s;
    },
    revealSource: (loc) => {
      window.location.href = vscodeFileUrl(loc);
    },
    sourceHref: (loc) => vscodeFileUrl(loc),
  };
}

/** vscode://file/<absolute path>:line:column — VS Code's URL handler for opening a file at a position. */
export function vscodeFileUrl(loc: SourceLoc): string {
  const path = loc.file.replace(/\\/g, "/");
  return `vscode://file${path.startsWith("/") ? "" : "/"}${encodeURI(path)}:${loc.line}:${loc.column}`;
}
