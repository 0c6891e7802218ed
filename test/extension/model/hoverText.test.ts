import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ParameterInfo, TraceResult } from "../../../src/protocol";
import { HOVER_COMMANDS, commandLink, hoverMarkdown } from "../../../src/extension/model/hoverText";
import { fmt } from "../../../src/extension/model/format";
import { example, startRunner, stopRunner, trace } from "../traceFixtures";

const mlp = example("mlp.ts");
const vanishing = example("vanishing-sigmoid.ts");
const customOp = example("custom-op-bug.ts");
let results: Record<"mlp" | "vanishing" | "customOp", TraceResult>;

beforeAll(async () => {
  await startRunner();
  const [a, b, c] = await Promise.all([trace(mlp.file), trace(vanishing.file), trace(customOp.file)]);
  results = { mlp: a, vanishing: b, customOp: c };
});
afterAll(stopRunner);

const param = (r: TraceResult, name: string): ParameterInfo => {
  const p = r.parameters.find((q) => q.name === name);
  if (!p) throw new Error(name);
  return p;
};

/** The decoded JSON arguments of every command link to `command` in the Markdown. */
function linkArgs(md: string, command: string): unknown[][] {
  const re = new RegExp(`\\(command:${command.replace(/\./g, "\\.")}\\?([^)]*)\\)`, "g");
  return [...md.matchAll(re)].map((m) => JSON.parse(decodeURIComponent(m[1])) as unknown[]);
}

describe("hoverMarkdown for a Linear layer's weight and bias", () => {
  test("names each parameter with its shape and shows its gradient statistics from the result", () => {
    const r = results.mlp;
    const [w, b] = [param(r, "0.weight"), param(r, "0.bias")];
    const md = hoverMarkdown(r, [w, b], { file: mlp.file, stale: false });
    expect(md).toContain(`loss ${fmt(r.loss)}`);
    expect(md).toContain("**`0.weight`** · `[8, 4]` · Linear");
    expect(md).toContain("**`0.bias`** · `[8]` · Linear");
    expect(md).toContain(`| ‖grad‖ | **${fmt(w.gradNorm)}** |`);
    const absMax = Math.max(Math.abs(w.grad!.min!), Math.abs(w.grad!.max!));
    expect(md).toContain(`| mean / std / abs-max | ${fmt(w.grad!.mean)} / ${fmt(w.grad!.std)} / ${fmt(absMax)} |`);
    expect(md).toContain(`| ‖g‖ / ‖w‖ | ${fmt(w.gradToValueRatio)} |`);
    expect(md).toContain("| verdict | ✓ healthy |");
    const check = r.checks.find((c) => c.param === "0.weight")!;
    expect(md).toContain(`✓ pass · max rel. error ${fmt(check.maxRelError)} (fast`);
    expect(md).not.toContain("changed since");
  });

  test("links to the graph and to a check of each parameter, with the model file and the name as arguments", () => {
    const r = results.mlp;
    const md = hoverMarkdown(r, [param(r, "0.weight"), param(r, "0.bias")], { file: mlp.file, stale: false });
    expect(linkArgs(md, HOVER_COMMANDS.showInGraph)).toEqual([[mlp.file, "0.weight"], [mlp.file, "0.bias"]]);
    expect(linkArgs(md, HOVER_COMMANDS.checkParameter)).toEqual([[mlp.file, "0.weight"], [mlp.file, "0.bias"]]);
    expect(md).toContain("[Show in graph](command:");
    expect(md).toContain("[Check this parameter](command:");
  });

  test("says when the file changed since the trace", () => {
    const r = results.mlp;
    expect(hoverMarkdown(r, [param(r, "2.bias")], { file: mlp.file, stale: true })).toContain("_The file changed since this trace");
  });
});

describe("hoverMarkdown verdicts and checks", () => {
  test("a vanishing layer's parameter shows the flag and the threshold it crossed", () => {
    const r = results.vanishing;
    const w = param(r, "0.weight");
    const md = hoverMarkdown(r, [w], { file: vanishing.file, stale: false });
    const layer = r.layers.find((l) => l.name === "0")!;
    expect(layer.flags).toContain("vanishing");
    expect(md).toContain("| verdict | ⚠ vanishing — ");
    expect(md).toContain(layer.reasons[0].replace(/\*/g, "\\*"));
  });

  test("a failed check shows FAIL, the relative error and the suspect op", () => {
    const r = results.customOp;
    const md = hoverMarkdown(r, [param(r, "weight")], { file: customOp.file, stale: false });
    const check = r.checks.find((c) => c.param === "weight")!;
    expect(check.status).toBe("fail");
    expect(md).toContain(`✗ FAIL · max rel. error ${fmt(check.maxRelError)}`);
    expect(md).toContain("suspect: custom op cube");
  });

  test("many parameters (a layer made in a loop) are listed in one table, at most 12 rows", () => {
    const r = results.vanishing;
    const linears = r.parameters.filter((p) => p.loc?.line === r.parameters[0].loc?.line);
    expect(linears.length).toBe(40);
    const md = hoverMarkdown(r, linears, { file: vanishing.file, stale: false });
    expect(md).toContain("| parameter | shape | ‖grad‖ | ‖g‖/‖w‖ | verdict | check |");
    expect(linkArgs(md, HOVER_COMMANDS.showInGraph)).toHaveLength(12);
    expect(md).toContain("… and 28 more parameters");
    expect(linkArgs(md, HOVER_COMMANDS.checkParameter)).toEqual([[vanishing.file, ...linears.map((p) => p.name)]]);
  });
});

describe("commandLink", () => {
  test("encodes its arguments as URI-escaped JSON", () => {
    expect(commandLink("Go", "a.b", ["/x y/z.ts", "w"])).toBe(`[Go](command:a.b?${encodeURIComponent('["/x y/z.ts","w"]')})`);
  });
});
