// The runner end to end: a real esbuild bundle in a real worker thread with real limits. Broken model
// files are written to temp dirs at test time. Every failure must come back as a RunError with the
// user's file:line:column, and this process must survive all of them.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RunError } from "../../src/runner/runError";
import { type RunOptions, runModel } from "../../src/runner/runModel";
import { buildRunner, lineOf, removeBuild, removeWrittenFiles, writeFiles } from "./buildWorker";

let buildDir = "";
let workerFile = "";
beforeAll(async () => {
  buildDir = await buildRunner();
  workerFile = join(buildDir, "worker.js");
});
afterAll(() => {
  removeBuild(buildDir);
  removeWrittenFiles();
});

const run = (file: string, opts: RunOptions = {}) => runModel(file, { workerFile, timeoutMs: 20_000, trace: { check: "fast" }, ...opts });

/** Runs and returns the RunError it must fail with. */
async function failure(file: string, opts: RunOptions = {}): Promise<RunError> {
  try {
    await run(file, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(RunError);
    return e as RunError;
  }
  throw new Error(`${file} ran without error`);
}

const HELPER = `import { Tensor } from "backprop-lens";

export function square(t: Tensor): Tensor {
  return t.mul(t);
}

export function strict(t: Tensor): Tensor {
  if (t.item() > 0) throw new Error("strict() wants a non-positive value");
  return t;
}
`;

describe("bundling and running", () => {
  test("a model with a relative import runs, and locations point into each file", async () => {
    const model = `import { param } from "backprop-lens";
import { square } from "./lib/helper";

const w = param(3);

export default () => square(w).add(w);
`;
    const dir = writeFiles({ "model.ts": model, "lib/helper.ts": HELPER });
    const r = await run(join(dir, "model.ts"));
    expect(r.loss).toBe(12); // w² + w at w = 3
    const w = r.parameters.find((p) => p.name === "w")!;
    expect(w.loc).toEqual({ file: join(dir, "model.ts"), line: lineOf(model, "param(3)"), column: 11 });
    expect(w.gradNorm).toBeCloseTo(7, 12); // 2w + 1, by hand
    const mul = r.graph.nodes.find((n) => n.op === "mul")!;
    expect(mul.loc).toEqual({ file: join(dir, "lib/helper.ts"), line: lineOf(HELPER, "t.mul(t)"), column: 12 });
    const add = r.graph.nodes.find((n) => n.op === "add")!;
    expect(add.loc?.file).toBe(join(dir, "model.ts"));
    expect(add.loc?.line).toBe(lineOf(model, "export default"));
  });

  test("a .mjs model exporting the object form runs", async () => {
    const dir = writeFiles({
      "model.mjs": `import { param } from "backprop-lens";\nconst w = param([1, 2]);\nexport default { loss: () => w.mul(w).sum(), steps: 0 };\n`,
    });
    const r = await run(join(dir, "model.mjs"), { trace: { check: "full" } });
    expect(r.loss).toBe(5);
    expect(r.checkSummary.failed).toBe(0);
  });

  test("a CommonJS .js model (require and module.exports) runs", async () => {
    const dir = writeFiles({ "m.js": `const { param } = require("backprop-lens");\nconst w = param(5);\nmodule.exports = () => w.mul(w);\n` });
    expect((await run(join(dir, "m.js"))).loss).toBe(25);
  });

  test("progress is reported while tracing", async () => {
    const dir = writeFiles({ "m.ts": `import { param } from "backprop-lens";\nconst w = param([1, 2, 3]);\nexport default () => w.mul(w).sum();\n` });
    const phases = new Set<string>();
    await run(join(dir, "m.ts"), { trace: { check: "full" }, onProgress: (p) => phases.add(p.phase) });
    expect([...phases]).toEqual(["trace", "checks"]);
  });

  test("the seed option reaches the tracer", async () => {
    const dir = writeFiles({ "m.ts": `import { param, randn } from "backprop-lens";\nconst w = param([1, 2]);\nexport default () => w.mul(randn([2])).sum();\n` });
    const r = await run(join(dir, "m.ts"), { trace: { seed: 7, check: "full" } });
    expect(r.seed).toBe(7);
    // randn inside loss() repeats exactly (the generator is reset before every pass), so the check passes.
    expect(r.checkSummary.failed).toBe(0);
  });

  test("what the model prints reaches onOutput", async () => {
    const dir = writeFiles({ "m.ts": `import { param } from "backprop-lens";\nconsole.log("hello from the model");\nconst w = param(2);\nexport default () => w.mul(w);\n` });
    let printed = "";
    await run(join(dir, "m.ts"), { onOutput: (t) => (printed += t) });
    expect(printed).toContain("hello from the model");
  });
});

describe("default export validation", () => {
  test("no default export lists what the file exports", async () => {
    const src = `import { param } from "backprop-lens";\nexport const w = param(1);\nexport function loss() { return w.mul(w); }\n`;
    const dir = writeFiles({ "m.ts": src });
    const e = await failure(join(dir, "m.ts"));
    expect(e.kind).toBe("bad-export");
    expect(e.message).toMatch(/no default export/);
    expect(e.message).toContain("`loss`");
    expect(e.message).toContain("`w`");
  });

  test("an object without loss says what was found, at the export line", async () => {
    const src = `import { param } from "backprop-lens";\nconst w = param(1);\n\nexport default { lossFn: () => w.mul(w), steps: 3 };\n`;
    const dir = writeFiles({ "m.ts": src });
    const e = await failure(join(dir, "m.ts"));
    expect(e.kind).toBe("bad-export");
    expect(e.message).toMatch(/`loss` must be a function/);
    expect(e.message).toContain("lossFn (function), steps (number)");
    expect(e.loc).toEqual({ file: join(dir, "m.ts"), line: 4, column: 1 });
  });

  test("a Tensor default export is explained", async () => {
    const dir = writeFiles({ "m.ts": `import { param } from "backprop-lens";\nconst w = param(1);\nexport default w.mul(w);\n` });
    const e = await failure(join(dir, "m.ts"));
    expect(e.kind).toBe("bad-export");
    expect(e.message).toMatch(/is a Tensor/);
  });

  test("a number, a bad optimizer and bad steps are each named", async () => {
    const cases: [string, RegExp][] = [
      [`export default 42;`, /number 42/],
      [`import { param } from "backprop-lens";\nconst w = param(1);\nexport default { loss: () => w.mul(w), optimizer: {} };`, /optimizer/],
      [`import { param } from "backprop-lens";\nconst w = param(1);\nexport default { loss: () => w.mul(w), steps: -1 };`, /steps/],
    ];
    for (const [src, pattern] of cases) {
      const dir = writeFiles({ "m.ts": src });
      const e = await failure(join(dir, "m.ts"));
      expect(e.kind).toBe("bad-export");
      expect(e.message).toMatch(pattern);
    }
  });

  test("a loss that returns a non-scalar is reported as a contract error", async () => {
    const dir = writeFiles({ "m.ts": `import { param } from "backprop-lens";\nconst w = param([1, 2]);\nexport default () => w.mul(w);\n` });
    const e = await failure(join(dir, "m.ts"));
    expect(e.kind).toBe("bad-export");
    expect(e.message).toMatch(/scalar/);
  });
});

describe("errors in the user's code", () => {
  test("a throw maps to the user's line, with the calling frames", async () => {
    const model = `import { param } from "backprop-lens";\nimport { strict } from "./helper";\nconst w = param(2);\nexport default () => strict(w).mul(w);\n`;
    const dir = writeFiles({ "model.ts": model, "helper.ts": HELPER });
    const e = await failure(join(dir, "model.ts"));
    expect(e.kind).toBe("throw");
    expect(e.message).toBe("strict() wants a non-positive value");
    const line = lineOf(HELPER, "throw new Error");
    // V8 places a `throw new Error(…)` frame at the `new`.
    expect(e.loc).toEqual({ file: join(dir, "helper.ts"), line, column: HELPER.split("\n")[line - 1].indexOf("new Error") + 1 });
    expect(e.frames?.[1]).toEqual({ file: join(dir, "model.ts"), line: lineOf(model, "export default"), column: 22 });
  });

  test("a throw while the file loads is located too", async () => {
    const dir = writeFiles({ "m.ts": `const a = 1;\nconst b: { f(): void } | undefined = undefined;\nb!.f();\nexport default () => a;\n` });
    const e = await failure(join(dir, "m.ts"));
    expect(e.kind).toBe("throw");
    expect(e.message).toMatch(/^TypeError: /);
    expect(e.loc?.line).toBe(3);
  });

  test("a shape error names the op and shapes at the user's line", async () => {
    const src = `import { randn, param } from "backprop-lens";\nconst w = param(randn([3, 4]));\nexport default () => {\n  const x = randn([5, 2]);\n  return w.matmul(x).sum();\n};\n`;
    const dir = writeFiles({ "m.ts": src });
    const e = await failure(join(dir, "m.ts"));
    expect(e.kind).toBe("shape");
    expect(e.message).toMatch(/^matmul: .*\[3, 4\].*\[5, 2\]/);
    expect(e.loc).toEqual({ file: join(dir, "m.ts"), line: 5, column: 12 });
  });

  test("a syntax error reports file:line:column", async () => {
    const dir = writeFiles({ "m.ts": `import { param } from "backprop-lens";\nconst w = param(1);\nexport default () => w.mul(w;\n` });
    const e = await failure(join(dir, "m.ts"));
    expect(e.kind).toBe("syntax");
    expect(e.loc).toEqual({ file: join(dir, "m.ts"), line: 3, column: 29 }); // the ";" where ")" should be
    expect(e.format(dir)).toMatch(/^m\.ts:3:29: error: /);
  });

  test("a missing import is named, at the import", async () => {
    const dir = writeFiles({ "m.ts": `import { param } from "backprop-lens";\nimport { layers } from "./layers";\nexport default () => layers(param(1));\n` });
    const e = await failure(join(dir, "m.ts"));
    expect(e.kind).toBe("missing-import");
    expect(e.message).toContain(`"./layers"`);
    expect(e.loc).toEqual({ file: join(dir, "m.ts"), line: 2, column: 24 });
  });

  test("a missing file and a wrong extension are not-found errors", async () => {
    const dir = writeFiles({ "m.py": "print(1)\n" });
    expect((await failure(join(dir, "nope.ts"))).kind).toBe("not-found");
    expect((await failure(join(dir, "m.py"))).message).toMatch(/\.ts, \.mts, \.js, \.mjs/);
  });

  test("a thrown non-Error value is reported", async () => {
    const dir = writeFiles({ "m.ts": `export default () => { throw "plain string"; };\n` });
    const e = await failure(join(dir, "m.ts"));
    expect(e.kind).toBe("throw");
    expect(e.message).toContain(`"plain string"`);
  });
});

describe("limits", () => {
  test("an infinite loop ends with a timeout error located at the loop", async () => {
    const src = `import { param } from "backprop-lens";\nconst w = param(1);\nexport default () => {\n  let i = 0;\n  while (i >= 0) i++;\n  return w;\n};\n`;
    const dir = writeFiles({ "m.ts": src });
    const e = await failure(join(dir, "m.ts"), { timeoutMs: 2000 });
    expect(e.kind).toBe("timeout");
    expect(e.message).toMatch(/exceeded the 2 s time limit — an infinite loop\?/);
    expect(e.loc?.file).toBe(join(dir, "m.ts"));
    expect(e.loc?.line).toBe(5);
  });

  test("an allocation bomb on the JS heap ends with an out-of-memory error", async () => {
    const src = `const keep: number[][] = [];\nexport default () => {\n  for (;;) keep.push(new Array(1000).fill(Math.random()));\n};\n`;
    const dir = writeFiles({ "m.ts": src });
    const e = await failure(join(dir, "m.ts"), { memoryMb: 64 });
    expect(e.kind).toBe("memory");
    expect(e.message).toMatch(/exceeded the 64 MB memory limit/);
    expect(e.file).toBe(join(dir, "m.ts"));
  });

  test("a tensor allocation bomb (storage outside the JS heap) ends with an out-of-memory error", async () => {
    const src = `import { zeros, Tensor } from "backprop-lens";\nconst keep: Tensor[] = [];\nexport default () => {\n  for (;;) keep.push(zeros([1000, 1000]).add(1));\n};\n`;
    const dir = writeFiles({ "m.ts": src });
    const e = await failure(join(dir, "m.ts"), { memoryMb: 64 });
    expect(e.kind).toBe("memory");
    expect(e.loc?.line).toBe(4); // found by pausing the worker on its way to the limit
  });

  test("process.exit in the model ends the run with an error, not the process", async () => {
    const dir = writeFiles({ "m.ts": `process.exit(3);\nexport default () => 0;\n` });
    const e = await failure(join(dir, "m.ts"));
    expect(e.kind).toBe("worker");
    expect(e.message).toMatch(/exit code 3/);
  });

  test("aborting cancels a running model, and an aborted signal never starts one", async () => {
    const dir = writeFiles({ "m.ts": `export default () => { for (;;); };\n` });
    const ctl = new AbortController();
    const pending = failure(join(dir, "m.ts"), { signal: ctl.signal });
    setTimeout(() => ctl.abort(), 300);
    expect((await pending).kind).toBe("cancelled");
    expect((await failure(join(dir, "m.ts"), { signal: AbortSignal.abort() })).kind).toBe("cancelled");
  });

  test("after all of these, this process still runs models", async () => {
    const dir = writeFiles({ "m.ts": `import { param } from "backprop-lens";\nconst w = param(4);\nexport default () => w.mul(w);\n` });
    expect((await run(join(dir, "m.ts"))).loss).toBe(16);
  });
});
