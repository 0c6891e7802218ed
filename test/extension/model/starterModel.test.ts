import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { STARTER_MODEL, starterFileName } from "../../../src/extension/model/starterModel";
import { traceDiagnostics } from "../../../src/extension/model/diagnosticsModel";
import { removeWrittenFiles, writeFiles } from "../../runner/buildWorker";
import { startRunner, stopRunner, trace } from "../traceFixtures";

beforeAll(startRunner);
afterAll(() => {
  stopRunner();
  removeWrittenFiles();
});

describe("the starter model", () => {
  test("traces clean through the real runner: no problems, every check passes, 20 steps of history", async () => {
    const dir = writeFiles({});
    const file = join(dir, starterFileName(() => false));
    writeFileSync(file, STARTER_MODEL);
    const result = await trace(file);
    expect(traceDiagnostics(result, file)).toEqual([]);
    expect(result.checkSummary).toMatchObject({ failed: 0, passed: 4 });
    expect(result.history).toHaveLength(20);
  });

  test("gets the first free name", () => {
    const taken = new Set(["backprop-model.ts", "backprop-model-2.ts"]);
    expect(starterFileName((n) => taken.has(n))).toBe("backprop-model-3.ts");
    expect(starterFileName(() => false)).toBe("backprop-model.ts");
  });
});
