// Finds where a running worker is: pauses it for an instant through the inspector (the worker may be
// stuck in a loop, so it cannot answer a message) and maps the innermost user frame through the
// bundle's source map. Used to say where a model was when it hit the time or memory limit.
import { Session } from "node:inspector";
import { SourceMap, type SourceMapPayload } from "node:module";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import type { SourceLoc } from "../protocol";
import { originalLoc } from "./userStack";

// Give up (and report no location) after this long: the probe must never delay a limit much.
const PROBE_TIMEOUT_MS = 1000;

interface PausedFrame {
  location: { scriptId: string; lineNumber: number; columnNumber?: number };
}

interface DebuggerEvent {
  method?: string;
  params?: { callFrames?: PausedFrame[]; scriptId?: string; url?: string };
}

/** The innermost user frame the worker is executing, or null if it cannot be found. The worker is resumed afterwards. */
export function probeWorker(worker: Worker, bundlePath: string, payload: SourceMapPayload, userFiles: readonly string[]): Promise<SourceLoc | null> {
  const map = new SourceMap(payload);
  const files = new Set(userFiles);
  // NOTE: paused frames name their script by id only; the ids of the bundle come from scriptParsed.
  const bundleScripts = new Set<string>();
  const toLoc = (frames: readonly PausedFrame[]): SourceLoc | null => {
    for (const f of frames) {
      if (!bundleScripts.has(f.location.scriptId)) continue;
      const loc = originalLoc(map, files, f.location.lineNumber, f.location.columnNumber ?? 0);
      if (loc) return loc;
    }
    return null;
  };
  const isBundle = (url: string | undefined): boolean => url !== undefined && (url.startsWith("file:") ? fileURLToPath(url) : url) === bundlePath;
  return new Promise((resolve) => {
    const session = new Session();
    try {
      session.connect();
    } catch {
      resolve(null);
      return;
    }
    let sessionId: string | null = null;
    let nextId = 0;
    let done = false;
    const send = (method: string): void => {
      if (sessionId === null) return;
      session.post("NodeWorker.sendMessageToWorker", { sessionId, message: JSON.stringify({ id: ++nextId, method }) }, () => undefined);
    };
    const finish = (loc: SourceLoc | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const close = (): void => {
        session.disconnect();
        resolve(loc);
      };
      // NOTE: detaching ends the worker's debugger session, which resumes it.
      if (sessionId !== null) session.post("NodeWorker.detach", { sessionId }, () => session.post("NodeWorker.disable", close));
      else session.post("NodeWorker.disable", close);
    };
    const timer = setTimeout(() => finish(null), PROBE_TIMEOUT_MS);
    session.on("NodeWorker.attachedToWorker", ({ params }) => {
      // Other workers of this process (the extension host has many) are attached too: ignore them.
      // NOTE: workerId counts attachments per session; only the title ("[worker <threadId>] …") names the thread.
      const thread = /^\[worker (\d+)\]/.exec(params.workerInfo.title)?.[1];
      if (thread !== String(worker.threadId) || sessionId !== null) return;
      sessionId = params.sessionId;
      send("Debugger.enable");
      send("Debugger.pause");
    });
    session.on("NodeWorker.receivedMessageFromWorker", ({ params }) => {
      if (params.sessionId !== sessionId) return;
      const m = JSON.parse(params.message) as DebuggerEvent;
      if (m.method === "Debugger.scriptParsed" && m.params?.scriptId !== undefined && isBundle(m.params.url)) bundleScripts.add(m.params.scriptId);
      if (m.method === "Debugger.paused") finish(toLoc(m.params?.callFrames ?? []));
    });
    session.on("NodeWorker.detachedFromWorker", ({ params }) => {
      if (params.sessionId === sessionId) finish(null);
    });
    session.post("NodeWorker.enable", { waitForDebuggerOnStart: false }, (err) => {
      if (err) finish(null);
    });
  });
}
