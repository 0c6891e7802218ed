import { describe, expect, test } from "vitest";
import type { HostToWebview, TraceResult, WebviewToHost } from "../../src/protocol";
import { WebviewChannel } from "../../src/extension/webviewChannel";

const result = { loss: 1 } as TraceResult;

function setup(snapshot: HostToWebview[] = [{ type: "trace", file: "/a.ts", result }]) {
  const sent: HostToWebview[] = [];
  const received: WebviewToHost[] = [];
  const invalid: unknown[] = [];
  const channel = new WebviewChannel(
    (m) => {
      sent.push(m);
      return Promise.resolve(true);
    },
    { snapshot: () => snapshot, onMessage: (m) => received.push(m), onInvalid: (d) => invalid.push(d) },
  );
  return { channel, sent, received, invalid };
}

describe("WebviewChannel", () => {
  test("holds messages until the webview is ready, then sends the state and the held focus requests in order", () => {
    const { channel, sent } = setup();
    channel.post({ type: "tracing", file: "/a.ts" });
    channel.post({ type: "focus", target: { kind: "param", name: "0.weight" } });
    channel.post({ type: "showTab", tab: "walk" });
    expect(sent).toEqual([]);
    channel.receive({ type: "ready" });
    expect(sent).toEqual([
      { type: "trace", file: "/a.ts", result },
      { type: "focus", target: { kind: "param", name: "0.weight" } },
      { type: "showTab", tab: "walk" },
    ]);
    channel.post({ type: "tracing", file: "/a.ts" });
    expect(sent.at(-1)).toEqual({ type: "tracing", file: "/a.ts" });
  });

  test("after a reset (the webview reloads) it holds again, and a new ready brings the state back", () => {
    const { channel, sent } = setup();
    channel.receive({ type: "ready" });
    channel.reset();
    expect(channel.isReady).toBe(false);
    channel.post({ type: "clear" });
    expect(sent).toHaveLength(1);
    channel.receive({ type: "ready" });
    expect(sent).toEqual([
      { type: "trace", file: "/a.ts", result },
      { type: "trace", file: "/a.ts", result },
    ]);
  });

  test("sync sends the state now when ready, and drops held state messages when not", () => {
    const { channel, sent } = setup([{ type: "clear" }]);
    channel.post({ type: "tracing", file: "/a.ts" });
    channel.sync();
    channel.receive({ type: "ready" });
    expect(sent).toEqual([{ type: "clear" }]);
    channel.sync();
    expect(sent).toEqual([{ type: "clear" }, { type: "clear" }]);
  });

  test("passes checked webview messages on and reports anything else", () => {
    const { channel, received, invalid } = setup();
    channel.receive({ type: "revealSource", loc: { file: "/a.ts", line: 3, column: 1 } });
    channel.receive({ type: "retrace" });
    channel.receive({ type: "exportReport" });
    channel.receive({ type: "invalidMessage", error: "trace.loss: expected a number" });
    channel.receive({ type: "revealSource", loc: { file: "/a.ts", line: "3" } });
    channel.receive({ type: "launchMissiles" });
    channel.receive("ready");
    expect(received).toEqual([
      { type: "revealSource", loc: { file: "/a.ts", line: 3, column: 1 } },
      { type: "retrace" },
      { type: "exportReport" },
      { type: "invalidMessage", error: "trace.loss: expected a number" },
    ]);
    expect(invalid).toHaveLength(3);
  });
});
