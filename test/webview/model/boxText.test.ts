import { describe, expect, it } from "vitest";
import { boxText, nodeText } from "../../../webview/model/boxText";
import { EXPANDED } from "../../../webview/model/collapse";
import { buildVisibleGraph } from "../../../webview/model/visibleGraph";
import { buildGraphIndex } from "../../../webview/model/graphIndex";
import { customOpTrace, lectureNetTrace, transformerTrace } from "../fixtures";
import { miniTrace } from "../miniTrace";

describe("box text", () => {
  it("shows data and grad of scalars, as micrograd's draw_dot does", () => {
    const index = buildGraphIndex(lectureNetTrace());
    const h1 = index.nodes.find((n) => n.label === "h1")!;
    expect(nodeText(index, h1)).toEqual({ title: "h1", tag: "sigmoid", lines: ["data 0.5744", "grad 0.1683"], strip: 0 });
    const w1 = index.nodes.find((n) => n.label === "w1")!;
    expect(nodeText(index, w1)).toMatchObject({ title: "w1", tag: "param" });
  });

  it("shows shape and gradient norm of tensors, and folds constant operands into the op", () => {
    const index = buildGraphIndex(transformerTrace(1));
    const div = index.nodes[index.result.graph.root];
    expect(nodeText(index, div).title).toMatch(/^div\(·, \d+\)$/);
    const matmul = index.nodes.find((n) => n.op === "matmul")!;
    expect(nodeText(index, matmul).lines[0]).toMatch(/^\[\d+(, \d+)*\]$/);
    expect(nodeText(index, matmul).lines[1]).toMatch(/^‖g‖ /);
  });

  it("heads every module with its class, containers without a layer row too", () => {
    const index = buildGraphIndex(transformerTrace(1));
    const graph = buildVisibleGraph(index, [], EXPANDED);
    const tagOf = (path: string): string => boxText(index, graph.byKey.get(`g:${path}`)!).tag;
    // Neither has a layer row (no parameters of its own); the trace's module list names them.
    expect(index.layerByName.has("0")).toBe(false);
    expect(tagOf("0")).toBe("TransformerEncoder");
    expect(tagOf("0.layers.0")).toBe("TransformerEncoderLayer");
    expect(tagOf("0.layers.0.self_attn")).toBe("MultiheadAttention");
    // A trace without the list (older files) falls back to the layer rows.
    const old = buildGraphIndex({ ...index.result, graph: { ...index.result.graph, modules: undefined } });
    expect(old.moduleKind("0.layers.0.linear1")).toBe("Linear");
    expect(old.moduleKind("0")).toBe("");
  });

  it("titles an input computed before the pass by its op, as `x = randn([16, 4]).mul(3)` makes it", () => {
    const trace = miniTrace([{ op: "leaf", kind: "input" }, { op: "leaf", kind: "constant", shape: [] }, { op: "leaf", kind: "input", inputs: [0, 1] }, { op: "leaf", param: "w" }, { op: "mul", inputs: [2, 3] }]);
    trace.graph.nodes[2].op = "mul";
    const index = buildGraphIndex(trace);
    // The constant's value is its statistics' mean here (0).
    expect(nodeText(index, index.nodes[2])).toMatchObject({ title: "mul(·, 0)", tag: "input" });
    // A leaf input keeps its kind as title.
    expect(nodeText(index, index.nodes[0])).toMatchObject({ title: "input", tag: "" });
  });

  it("tags custom ops", () => {
    const index = buildGraphIndex(customOpTrace());
    const custom = index.nodes.find((n) => n.op === "mySoftplus")!;
    expect(nodeText(index, custom).tag).toBe("custom");
  });
});

describe("flags", () => {
  it("marks the failing parameters and the suspect op", () => {
    const index = buildGraphIndex(customOpTrace());
    const custom = index.nodes.find((n) => n.op === "mySoftplus")!;
    expect(index.nodeFlags.get(custom.id)?.map((f) => f.kind)).toEqual(["suspect"]);
    const weight = index.paramByName.get("0.weight")!;
    expect(index.nodeFlags.get(weight.nodeId!)?.map((f) => f.kind)).toContain("check-fail");
  });
});
