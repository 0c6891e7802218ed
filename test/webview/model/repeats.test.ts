import { describe, expect, it } from "vitest";
import { buildGraphIndex } from "../../../webview/model/graphIndex";
import { findRepeatRuns, groupSignature, runTitle } from "../../../webview/model/repeats";
import { transformerTrace } from "../fixtures";
import { blockChain, miniTrace } from "../miniTrace";
import { syntheticTrace } from "../syntheticTrace";

describe("repeated blocks", () => {
  it("gives identical blocks the same signature and different blocks different ones", () => {
    const index = buildGraphIndex(miniTrace(blockChain(3, [[2, 2], [2, 2], [3, 3]])));
    expect(groupSignature(index, "blocks.0")).toBe(groupSignature(index, "blocks.1"));
    expect(groupSignature(index, "blocks.0")).not.toBe(groupSignature(index, "blocks.2"));
  });

  it("finds a run of consecutive identical siblings", () => {
    const runs = findRepeatRuns(buildGraphIndex(miniTrace(blockChain(5))));
    expect(runs).toEqual([{ id: "repeat:blocks.0", parent: "blocks", members: ["blocks.0", "blocks.1", "blocks.2", "blocks.3", "blocks.4"] }]);
    expect(runTitle(runs[0])).toBe("blocks.0–4");
  });

  it("breaks a run where a block differs", () => {
    const runs = findRepeatRuns(buildGraphIndex(miniTrace(blockChain(5, [[2, 2], [2, 2], [4, 4], [2, 2], [2, 2]]))));
    expect(runs.map((r) => r.members)).toEqual([
      ["blocks.0", "blocks.1"],
      ["blocks.3", "blocks.4"],
    ]);
  });

  it("does not merge blocks with an op of the parent between them", () => {
    const nodes = blockChain(2);
    // Re-wire: an op of the parent module between block 0 and block 1.
    const between = { op: "neg", module: "blocks", inputs: [3] };
    const spliced = [...nodes.slice(0, 4), between, ...nodes.slice(4).map((n) => ({ ...n, inputs: n.inputs?.map((i) => (i === 3 ? 4 : i >= 4 ? i + 1 : i)) }))];
    expect(findRepeatRuns(buildGraphIndex(miniTrace(spliced)))).toEqual([]);
  });

  it("finds the layers of a real transformer encoder and of the synthetic stack", () => {
    const runs = findRepeatRuns(buildGraphIndex(transformerTrace(3)));
    expect(runs.find((r) => r.parent === "0.layers")?.members).toEqual(["0.layers.0", "0.layers.1", "0.layers.2"]);
    const synthetic = findRepeatRuns(buildGraphIndex(syntheticTrace(1000)));
    expect(synthetic[0].members.length).toBeGreaterThan(20);
    expect(synthetic[0].parent).toBe("blocks");
  });
});
