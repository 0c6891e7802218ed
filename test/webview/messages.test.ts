import { describe, expect, it } from "vitest";
import { parseHostMessage } from "../../webview/messages";
import { lectureNetTrace } from "./fixtures";

describe("parseHostMessage", () => {
  it("accepts every host message type", () => {
    const result = JSON.parse(JSON.stringify(lectureNetTrace())) as unknown;
    expect(parseHostMessage({ type: "trace", file: "/w/m.ts", result })).toMatchObject({ ok: true, message: { type: "trace", file: "/w/m.ts" } });
    expect(parseHostMessage({ type: "tracing", file: "/w/m.ts" })).toEqual({ ok: true, message: { type: "tracing", file: "/w/m.ts" } });
    expect(parseHostMessage({ type: "clear" })).toEqual({ ok: true, message: { type: "clear" } });
    expect(parseHostMessage({ type: "focus", target: { kind: "param", name: "w1" } })).toEqual({ ok: true, message: { type: "focus", target: { kind: "param", name: "w1" } } });
    const loc = { file: "/w/m.ts", line: 3, column: 7 };
    expect(parseHostMessage({ type: "error", error: { file: "/w/m.ts", message: "boom", loc, detail: "stack" } })).toEqual({ ok: true, message: { type: "error", error: { file: "/w/m.ts", message: "boom", loc, detail: "stack" } } });
  });

  it("rejects unknown types and malformed fields, saying what was wrong", () => {
    expect(parseHostMessage("trace")).toEqual({ ok: false, error: "message: expected an object with a type" });
    expect(parseHostMessage({ type: "eval", code: "alert(1)" })).toEqual({ ok: false, error: 'message: unknown type "eval"' });
    expect(parseHostMessage({ type: "tracing" })).toMatchObject({ ok: false });
    expect(parseHostMessage({ type: "error", error: { file: "m.ts", message: "x", loc: { line: "3" } } })).toMatchObject({ ok: false });
    expect(parseHostMessage({ type: "focus", target: { kind: "node", id: "3" } })).toMatchObject({ ok: false });
    expect(parseHostMessage({ type: "trace", file: "m.ts", result: { schema: "backprop-lens/trace@1" } })).toMatchObject({ ok: false, error: expect.stringMatching(/^trace\./) });
  });

  it("does not copy unknown fields into the message", () => {
    const parsed = parseHostMessage({ type: "clear", extra: "<img src=x>" });
    expect(parsed).toEqual({ ok: true, message: { type: "clear" } });
  });
});

describe("showTab", () => {
  it("accepts the four tabs only", () => {
    expect(parseHostMessage({ type: "showTab", tab: "walk" })).toEqual({ ok: true, message: { type: "showTab", tab: "walk" } });
    expect(parseHostMessage({ type: "showTab", tab: "settings" })).toMatchObject({ ok: false });
  });
});
