import { describe, expect, it } from "vitest";
import { nodeText } from "../../../webview/model/boxText";
import { buildGraphIndex } from "../../../webview/model/graphIndex";
import { customOpTrace, lectureNetTrace, transformerTrace } from "../fixtures";

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
