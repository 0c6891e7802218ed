// The host's end of one webview: holds messages until the webview says "ready", then brings it to
// the current state; checks what the webview sends and hands it on. No vscode: the webview's
// postMessage is passed in, so the hand-over is unit-tested.
import { type HostToWebview, type WebviewToHost, assertNever } from "../protocol";
import { parseWebviewMessage } from "./model/viewMessages";

/** What a channel needs from its owner (a panel or the side view). */
export interface ChannelOwner {
  /** Messages that show the current state; sent on every "ready" (a reloaded webview starts blank). */
  snapshot(): HostToWebview[];
  /** A checked message other than "ready". */
  onMessage(message: Exclude<WebviewToHost, { type: "ready" }>): void;
  /** A message that is not part of the protocol. */
  onInvalid(data: unknown): void;
}

/** One webview's message channel. */
export class WebviewChannel {
  private ready = false;
  private held: HostToWebview[] = [];

  constructor(
    private readonly send: (message: HostToWebview) => PromiseLike<boolean>,
    private readonly owner: ChannelOwner,
  ) {}

  /** Whether the webview has said "ready" since it was (re)loaded. */
  get isReady(): boolean {
    return this.ready;
  }

  /** Sends a message now, or holds it until the webview is ready. */
  post(message: HostToWebview): void {
    if (this.ready) void this.send(message);
    else this.held.push(message);
  }

  /** Sends a state snapshot now if ready (held ones would be outdated by it otherwise). */
  sync(): void {
    if (!this.ready) {
      this.held = this.held.filter(isEvent);
      return;
    }
    for (const m of this.owner.snapshot()) void this.send(m);
  }

  /** The webview is being reloaded (hidden without retained context, or its HTML set again): hold again. */
  reset(): void {
    this.ready = false;
  }

  /** Handles raw data from the webview. */
  receive(data: unknown): void {
    const message = parseWebviewMessage(data);
    if (!message) return this.owner.onInvalid(data);
    switch (message.type) {
      case "ready": {
        this.ready = true;
        // The snapshot replaces held state messages; held focus/tab requests follow it in order.
        const events = this.held.filter(isEvent);
        this.held = [];
        for (const m of this.owner.snapshot()) void this.send(m);
        for (const m of events) void this.send(m);
        return;
      }
      case "revealSource":
      case "retrace":
      case "exportReport":
      case "invalidMessage":
        return this.owner.onMessage(message);
      default:
        assertNever(message);
    }
  }
}

function isEvent(m: HostToWebview): boolean {
  switch (m.type) {
    case "focus":
    case "showTab":
      return true;
    case "trace":
    case "tracing":
    case "error":
    case "clear":
      return false;
    default:
      return assertNever(m);
  }
}
