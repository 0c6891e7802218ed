import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TraceResult } from "../../../src/protocol";
import { errorDiagnostics, traceDiagnostics } from "../../../src/extension/model/diagnosticsModel";
import { traceErrorFrom } from "../../../src/extension/model/traceError";
import { RunError } from "../../../src/runner/runError";
import { lineOf, removeWrittenFiles, writeFiles } from "../../runner/buildWorker";
import { example, startRunner, stopRunner, trace } from "../traceFixtures";

const mlp = example("mlp.ts");
const vanishing = example("vanishing-sigmoid.ts");
const exploding = example("exploding-init.ts");
const customOp = example("custom-op-bug.ts");
const nanLog = example("nan-log.ts");
let r: Record<"mlp" | "vanishing" | "exploding" | "customOp" | "nanLog", TraceResult>;

beforeAll(async () => {
  await startRunner();
  const [a, b, c, d, e] = await Promise.all([mlp, vanishing, exploding, customOp, nanLog].map((x) => trace(x.file)));
  r = { mlp: a, vanishing: b, exploding: c, customOp: d, nanLog: e };
});
afterAll(() => {
  stopRunner();
  removeWrittenFiles();
});

describe("traceDiagnostics", () => {
  test("a healthy model has no problems", () => {
    expect(traceDiagnostics(r.mlp, mlp.file)).toEqual([]);
  });

  test("vanishing layers made in one loop give one warning at the line that made them", () => {
    const ds = traceDiagnostics(r.vanishing, vanishing.file);
    const linearLine = lineOf(vanishing.text, "layers.push(new nn.Linear(width, width)");
    const atLinear = ds.filter((d) => d.line === linearLine);
    expect(atLinear).toHaveLength(1);
    const flaggedLinears = r.vanishing.layers.filter((l) => l.kind === "Linear" && l.flags.includes("vanishing"));
    expect(atLinear[0]).toMatchObject({ file: vanishing.file, severity: "warning", code: "vanishing", column: vanishing.text.split("\n")[linearLine - 1].indexOf("new nn.Linear") + 1 });
    expect(atLinear[0].message).toContain(`vanishing gradient in ${flaggedLinears.length} layers (0, 2, 4, 6, …`);
    expect(atLinear[0].message).toContain(flaggedLinears[0].reasons[0]);
    expect(ds.every((d) => d.severity === "warning" && d.code === "vanishing" && d.file === vanishing.file)).toBe(true);
  });

  test("exploding layers are warned about where they were created", () => {
    const ds = traceDiagnostics(r.exploding, exploding.file);
    const line = lineOf(exploding.text, "const linear = new nn.Linear(width, width)");
    expect(ds.find((d) => d.line === line)).toMatchObject({ severity: "warning", code: "exploding" });
    expect(ds.find((d) => d.line === lineOf(exploding.text, "new nn.Sequential(...layers, new nn.Linear(width, 1))"))).toMatchObject({ code: "exploding" });
  });

  test("failed checks are errors where the parameters were made, and where the blamed op is called", () => {
    const ds = traceDiagnostics(r.customOp, customOp.file);
    const failed = ds.find((d) => d.code === "check-failed")!;
    expect(failed).toMatchObject({ severity: "error", line: lineOf(customOp.text, "new nn.Linear(3, 2)") });
    expect(failed.message).toMatch(/^gradient check failed for weight, bias: max relative error 0\.667 /);
    const callLine = lineOf(customOp.text, "loss: () => cube(");
    expect(failed.related).toEqual([{ loc: { file: customOp.file, line: callLine, column: expect.any(Number) }, message: 'the backward of custom op "cube" disagrees with finite differences' }]);
    const suspect = ds.find((d) => d.code === "suspect-op")!;
    expect(suspect).toMatchObject({ severity: "error", line: callLine });
    expect(suspect.message).toContain('the backward of custom op "cube" is wrong');
  });

  test("a NaN is an error at the op that produced it first", () => {
    const ds = traceDiagnostics(r.nanLog, nanLog.file);
    const anomaly = ds.find((d) => d.code === "anomaly")!;
    expect(anomaly.severity).toBe("error");
    expect(anomaly.line).toBe(r.nanLog.anomalies[0].loc!.line);
    expect(nanLog.text.split("\n")[anomaly.line - 1]).toContain(".log()");
    expect(anomaly.message).toBe("NaN in the forward pass: log produced NaN from finite inputs");
  });
});

describe("errorDiagnostics", () => {
  test("a model-file error is an error at its line", async () => {
    const text = 'import { randn } from "backprop-lens";\nconst x = randn([2, 3]);\nconst y = randn([4, 5]);\nexport default () => x.matmul(y).sum();\n';
    const file = `${writeFiles({ "bad.ts": text })}/bad.ts`;
    const err = await trace(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RunError);
    const [d] = errorDiagnostics(traceErrorFrom(err, file));
    expect(d).toMatchObject({ file, line: 4, severity: "error", code: "model-error" });
    expect(d.message).toMatch(/matmul/);
    expect(d.message).toMatch(/\(shape\)$/);
  });

  test("an error without a place is put on the model file's first line; a cancelled run has none", () => {
    const timeout = traceErrorFrom(new RunError("timeout", "exceeded the 1 s time limit", { file: "/m.ts" }), "/m.ts");
    expect(errorDiagnostics(timeout)).toEqual([{ file: "/m.ts", line: 1, column: 1, severity: "error", message: "exceeded the 1 s time limit (timeout)", code: "model-error", related: [] }]);
    expect(errorDiagnostics(traceErrorFrom(new RunError("cancelled", "the run was cancelled"), "/m.ts"))).toEqual([]);
  });
});
