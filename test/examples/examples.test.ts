// Every example traced through the real runner with the full finite-difference check: the healthy ones
// pass, the two broken ones fail where they should, and the lecture's examples match the gradients
// derived by hand (the formulas in their header comments, computed here in plain numbers).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TraceResult } from "../../src/protocol";
import { runModel } from "../../src/runner/runModel";
import { buildRunner, lineOf, removeBuild, repoPath } from "../runner/buildWorker";

let buildDir = "";
beforeAll(async () => {
  buildDir = await buildRunner();
});
afterAll(() => removeBuild(buildDir));

const traceFull = (name: string): Promise<TraceResult> =>
  runModel(repoPath("examples", name), { workerFile: join(buildDir, "worker.js"), timeoutMs: 60_000, trace: { check: "full" } });

const BROKEN = ["custom-op-bug.ts", "nan-log.ts"];
const healthy = readdirSync(repoPath("examples")).filter((f) => /\.(ts|mts|js|mjs)$/.test(f) && !BROKEN.includes(f));

describe("examples", () => {
  test("there is an example of every kind the issue asks for", () => {
    const all = readdirSync(repoPath("examples"));
    for (const name of ["lecture-expression.ts", "lecture-net.ts", "mlp.ts", "vanishing-sigmoid.ts", "exploding-init.ts", "cnn.ts", "lstm.ts", "transformer.ts", "autoencoder.ts", ...BROKEN]) {
      expect(all).toContain(name);
    }
  });

  test.each(healthy)("%s passes the full check with no anomaly", async (name) => {
    const src = readFileSync(repoPath("examples", name), "utf8");
    expect(src.startsWith("//"), "starts with a comment saying what to look for").toBe(true);
    expect(src).toMatch(/What to look for/);
    const r = await traceFull(name);
    expect(r.checkSummary.mode).toBe("full");
    expect(r.checkSummary.failed, JSON.stringify(r.checks.filter((c) => c.status === "fail"))).toBe(0);
    expect(r.checks.length).toBe(r.parameters.length);
    for (const c of r.checks) expect(c.elementsChecked).toBe(c.elementsTotal);
    expect(r.anomalies).toEqual([]);
  });

  test("the custom op with a wrong backward fails, and the op is named at its line", async () => {
    const r = await traceFull("custom-op-bug.ts");
    expect(r.checkSummary.failed).toBeGreaterThan(0);
    const suspect = r.checkSummary.suspects[0];
    expect(suspect).toMatchObject({ op: "cube", custom: true });
    const src = readFileSync(repoPath("examples/custom-op-bug.ts"), "utf8");
    expect(suspect.loc?.line).toBe(lineOf(src, "cube(layer.forward(x))"));
    // The backward drops the factor 3 of d(x³)/dx = 3x²: analytic = numeric / 3 everywhere.
    for (const c of r.checks) for (const e of c.worst) expect(Number(e.analytic)).toBeCloseTo(Number(e.numeric) / 3, 6);
  });

  test("the NaN example's anomaly points at the log, in the forward pass", async () => {
    const r = await traceFull("nan-log.ts");
    const src = readFileSync(repoPath("examples/nan-log.ts"), "utf8");
    expect(r.anomalies[0]).toMatchObject({ phase: "forward", op: "log" });
    const line = lineOf(src, "z.log()");
    expect(r.anomalies[0].loc).toEqual({ file: repoPath("examples/nan-log.ts"), line, column: src.split("\n")[line - 1].indexOf("log()") + 1 });
  });

  test("the lecture's expression: ∂f/∂x = 2x + y + 2(x + y), ∂f/∂y = x + 2(x + y)", async () => {
    const r = await traceFull("lecture-expression.ts");
    const [x, y] = [3, -2];
    expect(r.loss).toBe(x * x + x * y + (x + y) ** 2);
    const grad = (name: string) => r.parameters.find((p) => p.name === name)!.grad!.mean;
    expect(grad("x")).toBe(2 * x + y + 2 * (x + y));
    expect(grad("y")).toBe(x + 2 * (x + y));
  });

  test("the lecture's scalar net: one factor per node, as the lecture's chain rule gives", async () => {
    const r = await traceFull("lecture-net.ts");
    const [x, y, w1, b1, w2, b2, w3, b3] = [1.5, 0.5, 0.8, -0.1, -1.2, 0.3, 2.0, 0.1];
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    const f1 = w1 * x + b1;
    const h1 = sig(f1);
    const f2 = w2 * h1 + b2;
    const h2 = sig(f2);
    const f3 = w3 * h2 + b3;
    const dF3 = 2 * (f3 - y);
    const dF2 = dF3 * w3 * h2 * (1 - h2);
    const dF1 = dF2 * w2 * h1 * (1 - h1);
    const expected: Record<string, number> = { w3: dF3 * h2, b3: dF3, w2: dF2 * h1, b2: dF2, w1: dF1 * x, b1: dF1 };
    expect(Number(r.loss)).toBeCloseTo((f3 - y) ** 2, 14);
    for (const [name, g] of Object.entries(expected)) expect(r.parameters.find((p) => p.name === name)!.grad!.mean).toBeCloseTo(g, 14);
  });
});
