// Runs ELK in a Web Worker so a large layout never blocks the panel. The worker is ELK's own prebuilt
// worker script, inlined into the bundle as text and started from a Blob URL: webviews and the
// standalone report (a file:// page) can both start it without fetching anything.
import elkWorkerSource from "elkjs/lib/elk-worker.min.js" with { type: "text" };
import type { ElkNode } from "elkjs/lib/elk-api";

interface Pending {
  resolve: (g: ElkNode) => void;
  reject: (e: Error) => void;
}

/** Thrown (as a rejection) when a layout was cancelled by a newer one or by the user. */
export class LayoutCancelled extends Error {}

/** A layout engine in a worker; one layout at a time (a new request cancels the running one). */
export class ElkClient {
  private worker: Worker | null = null;
  private url: string | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private running: number | null = null;

  /** Starts the worker ahead of the first layout (parsing ELK takes most of a second). */
  warmUp(): void {
    this.ensureWorker();
  }

  /** Lays out a graph; resolves with ELK's output (positions filled in). */
  layout(graph: ElkNode): Promise<ElkNode> {
    if (this.running !== null) this.cancel();
    const worker = this.ensureWorker();
    const id = this.nextId++;
    this.running = id;
    return new Promise<ElkNode>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, cmd: "layout", graph, layoutOptions: {}, options: {} });
    }).finally(() => {
      if (this.running === id) this.running = null;
    });
  }

  /** Stops the running layout: the worker is discarded (ELK cannot be interrupted) and restarted lazily. */
  cancel(): void {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    for (const p of this.pending.values()) p.reject(new LayoutCancelled("layout cancelled"));
    this.pending.clear();
    this.running = null;
  }

  /** Releases the worker and its Blob URL. */
  dispose(): void {
    this.cancel();
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    if (!this.url) this.url = URL.createObjectURL(new Blob([elkWorkerSource], { type: "text/javascript" }));
    const worker = new Worker(this.url);
    worker.onmessage = (ev: MessageEvent<{ id: number; data?: ElkNode; error?: unknown }>) => {
      const p = this.pending.get(ev.data.id);
      if (!p) return;
      this.pending.delete(ev.data.id);
      if (ev.data.error !== undefined) p.reject(new Error(`ELK layout failed: ${describe(ev.data.error)}`));
      else if (ev.data.data) p.resolve(ev.data.data);
      else p.reject(new Error("ELK layout returned nothing"));
    };
    worker.onerror = (ev) => {
      ev.preventDefault();
      const error = new Error(`layout worker failed: ${ev.message || "unknown error"}`);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
      this.worker = null;
    };
    // ELK's worker needs its algorithms registered before the first layout.
    worker.postMessage({ id: 0, cmd: "register", algorithms: ["layered"] });
    this.worker = worker;
    return worker;
  }
}

function describe(e: unknown): string {
  if (typeof e === "string") return e;
  if (typeof e === "object" && e !== null) {
    const o = e as { message?: unknown; g?: unknown };
    if (typeof o.message === "string") return o.message;
    if (typeof o.g === "string") return o.g;
  }
  return "unknown error";
}
