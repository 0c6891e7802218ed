// The CLI: in-process (runCli with captured streams) for the report and JSON, and as a real process
// (the built bundle) for exit codes and stderr.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type CliIo, runCli } from "../../src/cli/cli";
import type { TraceResult } from "../../src/protocol";
import { buildReportRoot, buildRunner, cliEnv, removeBuild, removeWrittenFiles, repoPath, writeFiles } from "../runner/buildWorker";

let outDir = "";
beforeAll(async () => {
  outDir = await buildRunner(true);
});
afterAll(() => {
  removeBuild(outDir);
  removeWrittenFiles();
});

/** Runs the CLI in this process; returns the exit code and what it wrote. */
async function cli(argv: string[], env: Record<string, string> = {}, packageRoot?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    cwd: repoPath(),
    workerFile: join(outDir, "worker.js"),
    packageRoot,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** Runs the built CLI as a process. */
function cliProcess(argv: string[]) {
  const r = spawnSync(process.execPath, [join(outDir, "cli.js"), ...argv], { cwd: repoPath(), encoding: "utf8", env: cliEnv() });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("backprop-lens trace (in process)", () => {
  test("the report of the lecture's expression shows the loss, each node and the checks", async () => {
    const r = await cli(["trace", "examples/lecture-expression.ts"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/loss 4\b/);
    expect(r.stdout).toMatch(/Graph/);
    expect(r.stdout).toMatch(/^ {2}x {2,}param .* 3 {2,}6 /m); // x = 3, ∂f/∂x = 6
    expect(r.stdout).toMatch(/Gradient check \(fast/);
    expect(r.stdout).toMatch(/✓ all 2 gradient checks pass · no NaN\/Inf/);
    expect(r.stdout).not.toContain("\u001b["); // not a terminal: no colour
  });

  test("a layer table with log bars, flags and reasons for the vanishing example", async () => {
    const r = await cli(["trace", "examples/vanishing-sigmoid.ts", "--check", "off"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Layers/);
    expect(r.stdout).toMatch(/^ {2}0 +Linear +4\.\d\de-18 +▊? *.* vanishing/m);
    expect(r.stdout).toMatch(/is below 1e-7/);
    expect(r.stdout).toMatch(/gradient checks off/);
    for (const line of r.stdout.split("\n")) expect([...line].length).toBeLessThanOrEqual(100);
  });

  test("FORCE_COLOR colours the report", async () => {
    const r = await cli(["trace", "examples/lecture-net.ts", "--check", "off"], { FORCE_COLOR: "1" });
    expect(r.stdout).toContain("\u001b[1m");
  });

  test("--json out.json writes a valid trace result and still prints the report", async () => {
    const dir = writeFiles({});
    const out = join(dir, "trace.json");
    const r = await cli(["trace", "examples/mlp.ts", "--json", out, "--steps", "3"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Training {2}3 steps/);
    const json = JSON.parse(readFileSync(out, "utf8")) as TraceResult;
    expect(json.schema).toBe("backprop-lens/trace@1");
    expect(json.history).toHaveLength(3);
    expect(json.parameters.map((p) => p.name)).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
    expect(json.parameters[0].values).toBeUndefined();
  });

  test("--json alone prints only JSON to stdout; --values adds every parameter's arrays", async () => {
    const r = await cli(["trace", "examples/mlp.ts", "--json", "--values", "--check", "off"]);
    const json = JSON.parse(r.stdout) as TraceResult;
    for (const p of json.parameters) {
      expect(p.values).toHaveLength(p.numel);
      expect(p.gradValues).toHaveLength(p.numel);
    }
    expect(json.parameters[0].shape).toEqual([8, 4]);
  });

  test("a failing check and an anomaly exit 1, naming the op and the line", async () => {
    const bug = await cli(["trace", "examples/custom-op-bug.ts", "--check", "full"]);
    expect(bug.code).toBe(1);
    expect(bug.stdout).toMatch(/FAIL/);
    expect(bug.stdout).toMatch(/the backward of custom op cube at examples\/custom-op-bug\.ts:\d+:\d+ is wrong/);
    const nan = await cli(["trace", "examples/nan-log.ts"]);
    expect(nan.code).toBe(1);
    expect(nan.stdout).toMatch(/examples\/nan-log\.ts:\d+:\d+: first NaN in the forward pass, from log/);
    expect(nan.stdout).toMatch(/│ +const logZ = z\.log\(\);/);
    for (const line of `${bug.stdout}${nan.stdout}`.split("\n")) expect([...line].length).toBeLessThanOrEqual(100);
  });

  test("a model that cannot run exits 2 with file:line:col: error: on stderr", async () => {
    const dir = writeFiles({ "broken.ts": `import { param } from "backprop-lens";\nconst w = param(1);\nexport default () => w.mul(w;\n` });
    const r = await cli(["trace", join(dir, "broken.ts")]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${join(dir, "broken.ts")}:3:29: error: `);
    expect(r.stderr).toMatch(/3 │ export default \(\) => w\.mul\(w;/);
  });

  test("usage errors exit 2 and --help exits 0", async () => {
    expect((await cli(["trace", "m.ts", "--check", "maybe"])).code).toBe(2);
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: backprop-lens trace <model file>/);
  });
});

describe("backprop-lens as a process", () => {
  test("exit codes 0, 1 and 2", () => {
    expect(cliProcess(["trace", "examples/lecture-net.ts"]).code).toBe(0);
    expect(cliProcess(["trace", "examples/custom-op-bug.ts"]).code).toBe(1);
    const dir = writeFiles({ "loop.ts": `export default () => { for (;;); };\n` });
    const r = cliProcess(["trace", join(dir, "loop.ts"), "--timeout", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/loop\.ts:1:\d+: error: exceeded the 1 s time limit — an infinite loop\?/);
  });
});

describe("backprop-lens trace --html", () => {
  test("writes the standalone report: the panel's renderer with this trace inlined, under a strict CSP", async () => {
    const root = await buildReportRoot(outDir);
    const out = join(outDir, "lecture-net.html");
    const r = await cli(["trace", "examples/lecture-net.ts", "--html", out], {}, root);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote the HTML report to /);
    const html = readFileSync(out, "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toMatch(/Content-Security-Policy[^>]*default-src 'none'/);
    expect(html).not.toMatch(/<script[^>]+src=/); // nothing loads from anywhere
    const data = /<script[^>]*id="bpl-report-data"[^>]*>([\s\S]*?)<\/script>/.exec(html);
    expect(data).not.toBeNull();
    const trace = (JSON.parse(data![1]) as { result: TraceResult }).result;
    expect(trace.loss).toBeCloseTo(0.0951998, 6);
    expect(trace.graph.nodes.length).toBe(18);
  });

  test("--html without a file is a usage error", async () => {
    const r = await cli(["trace", "examples/mlp.ts", "--html"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--html needs an output file/);
  });
});
