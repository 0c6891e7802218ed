import { describe, expect, test } from "vitest";
import { parseArgs } from "../../src/cli/args";

describe("parseArgs", () => {
  test("a full trace command line", () => {
    const a = parseArgs(["trace", "m.ts", "--steps", "5", "--check", "full", "--json", "out.json", "--values", "--timeout", "2.5", "--seed", "-3", "--memory", "512"]);
    expect(a).toMatchObject({ command: "trace", file: "m.ts", steps: 5, check: "full", json: "out.json", values: true, timeoutS: 2.5, seed: -3, memoryMb: 512 });
  });

  test("--json without a .json file prints to stdout; --flag=value works", () => {
    expect(parseArgs(["trace", "--json", "m.ts"])).toMatchObject({ file: "m.ts", json: true });
    expect(parseArgs(["trace", "m.ts", "--json"])).toMatchObject({ file: "m.ts", json: true });
    expect(parseArgs(["trace", "m.ts", "--json=r.txt", "--check=sample"])).toMatchObject({ json: "r.txt", check: "sample" });
  });

  test("defaults leave the choices to the model file and the tracer", () => {
    expect(parseArgs(["trace", "m.ts"])).toMatchObject({ steps: null, check: null, json: false, values: false, timeoutS: null, seed: null, color: null });
  });

  test("help and version", () => {
    expect(parseArgs([]).command).toBe("help");
    expect(parseArgs(["--help"]).command).toBe("help");
    expect(parseArgs(["trace", "-h"]).command).toBe("help");
    expect(parseArgs(["--version"]).command).toBe("version");
  });

  test("mistakes are named", () => {
    const message = (argv: string[]) => {
      const a = parseArgs(argv);
      return a.command === "error" ? a.message : "";
    };
    expect(message(["run", "m.ts"])).toMatch(/unknown command "run"/);
    expect(message(["trace"])).toMatch(/no model file/);
    expect(message(["trace", "a.ts", "b.ts"])).toMatch(/one model file at a time/);
    expect(message(["trace", "m.ts", "--check", "thorough"])).toMatch(/--check needs one of off, fast, sample, full, got "thorough"/);
    expect(message(["trace", "m.ts", "--steps", "1.5"])).toMatch(/--steps needs a whole number/);
    expect(message(["trace", "m.ts", "--timeout"])).toMatch(/--timeout needs a number of seconds/);
    expect(message(["trace", "m.ts", "--fast"])).toMatch(/unknown option --fast/);
  });
});
