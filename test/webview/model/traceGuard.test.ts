import { describe, expect, it } from "vitest";
import { VALUE_CAP, checkTraceResult } from "../../../webview/model/traceGuard";
import { customOpTrace, deepSigmoidTrace, lectureNetTrace } from "../fixtures";
import { syntheticTrace } from "../syntheticTrace";

const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe("checkTraceResult", () => {
  it("accepts real traces (after a JSON round trip, as messages arrive)", () => {
    for (const t of [lectureNetTrace(), deepSigmoidTrace(3), customOpTrace(), syntheticTrace(300)]) {
      const r = checkTraceResult(roundTrip(t));
      expect(r.ok ? "ok" : r.error).toBe("ok");
    }
  });

  it("names the first field that is wrong", () => {
    const t = roundTrip(lectureNetTrace()) as unknown as { graph: { nodes: { shape: unknown }[] } };
    t.graph.nodes[3].shape = "2x2";
    expect(checkTraceResult(t)).toEqual({ ok: false, error: "graph.nodes[3].shape: expected an array" });
  });

  it("rejects other schemas, bad ids and edges to nowhere", () => {
    expect(checkTraceResult({ schema: "other" })).toMatchObject({ ok: false });
    const ids = roundTrip(lectureNetTrace());
    ids.graph.nodes[2].id = 7;
    expect(checkTraceResult(ids)).toMatchObject({ ok: false, error: expect.stringContaining("graph.nodes[2].id") });
    const edges = roundTrip(lectureNetTrace());
    edges.graph.edges[0].to = 999;
    expect(checkTraceResult(edges)).toMatchObject({ ok: false, error: expect.stringContaining("graph.edges[0].to") });
  });

  it("checks the module list when there is one", () => {
    const t = roundTrip(lectureNetTrace()) as unknown as { graph: { modules?: unknown } };
    t.graph.modules = { "": "Sequential", "0": 7 };
    expect(checkTraceResult(t)).toEqual({ ok: false, error: 'graph.modules["0"]: expected a string' });
    t.graph.modules = { "": "Sequential" };
    expect(checkTraceResult(t)).toMatchObject({ ok: true });
  });

  it("accepts the protocol's non-finite texts and rejects other strings", () => {
    const t = roundTrip(lectureNetTrace());
    t.loss = "NaN";
    expect(checkTraceResult(t).ok).toBe(true);
    (t as unknown as { loss: string }).loss = "oops";
    expect(checkTraceResult(t)).toMatchObject({ ok: false, error: "loss: expected a number or NaN/Infinity text" });
  });

  it("drops raw value arrays over the size cap instead of passing them on", () => {
    const t = roundTrip(lectureNetTrace());
    t.graph.nodes[0].values = new Array(VALUE_CAP + 1).fill(0);
    t.graph.nodes[1].values = [1, 2, 3];
    const r = checkTraceResult(t);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.graph.nodes[0].values).toBeUndefined();
    expect(r.value.graph.nodes[1].values).toEqual([1, 2, 3]);
  });
});
