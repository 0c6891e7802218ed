// The command line, parsed by hand (one command, a handful of flags): no dependency needed.
import type { CheckMode } from "../protocol";

/** What `backprop-lens trace …` was asked to do. */
export interface TraceArgs {
  command: "trace";
  file: string;
  steps: number | null;
  check: CheckMode | null;
  /** --json: true = print JSON to stdout instead of the report; a path = also write it there. */
  json: boolean | string;
  /** --html out.html: also write the standalone HTML report (the gradient panel with the trace inlined). */
  html: string | null;
  values: boolean;
  timeoutS: number | null;
  memoryMb: number | null;
  seed: number | null;
  color: boolean | null;
  verbose: boolean;
}

/** A parsed command line: a trace, a request for help or the version, or a usage error. */
export type ParsedArgs = TraceArgs | { command: "help" } | { command: "version" } | { command: "error"; message: string };

/** The --help text. */
export const USAGE = `Usage: backprop-lens trace <model file> [options]

Runs a model file (.ts, .mts, .js, .mjs that default-exports a loss function or
{ loss, model?, optimizer?, steps? }), and reports its gradients: the loss, per-layer gradient
norms with verdicts, finite-difference checks and NaN/Inf anomalies.

Options:
  --check off|fast|sample|full  gradient check: fast = one random direction per parameter,
                                sample = plus some elements, full = every element (default: fast)
  --steps N                     training steps to record (default: the model file's \`steps\`)
  --seed N                      seed the engine's generator is reset to before every forward pass
                                (default: the model file's last manualSeed)
  --json [out.json]             write the trace result as JSON to out.json, or to stdout
                                instead of the report when no file is given
  --html out.html               also write the standalone HTML report (graph, layer chart,
                                checks, walk-through), which any browser opens from disk
  --values                      include every parameter's values and gradients in the JSON
                                (flat row-major arrays)
  --timeout S                   time limit in seconds (default: 30)
  --memory MB                   memory limit in MB (default: 2048)
  --no-color                    plain output (colour is on only for terminals; NO_COLOR is honoured)
  --verbose                     on errors, print the full stack
  -h, --help                    this help
  --version                     the version

Exit codes: 0 every check passes and there is no anomaly; 1 a check fails or an anomaly (NaN/Inf)
was found; 2 the model file could not be run.

Example: npm run trace -- examples/lecture-net.ts --check full`;

const CHECK_MODES: readonly CheckMode[] = ["off", "fast", "sample", "full"];

/** Parses argv (without node and the script). */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0 || argv.includes("-h") || argv.includes("--help") || argv[0] === "help") return { command: "help" };
  if (argv.includes("--version")) return { command: "version" };
  const [command, ...rest] = argv;
  if (command !== "trace") return { command: "error", message: `unknown command "${command}" (the command is: backprop-lens trace <file>)` };
  const out: TraceArgs = { command: "trace", file: "", steps: null, check: null, json: false, html: null, values: false, timeoutS: null, memoryMb: null, seed: null, color: null, verbose: false };
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const raw = rest[i];
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? (rest[i + 1] !== undefined && !rest[i + 1].startsWith("--") ? rest[++i] : undefined);
    const number = (what: string, check: (n: number) => boolean, rule: string): number | string => {
      const v = value();
      const n = Number(v);
      return v === undefined || v === "" || !Number.isFinite(n) || !check(n) ? `${flag} needs ${rule}${v === undefined ? "" : `, got "${v}"`} (${what})` : n;
    };
    let bad: string | undefined;
    switch (flag) {
      case "--check": {
        const v = value();
        if (v === undefined || !CHECK_MODES.includes(v as CheckMode)) bad = `--check needs one of ${CHECK_MODES.join(", ")}${v === undefined ? "" : `, got "${v}"`}`;
        else out.check = v as CheckMode;
        break;
      }
      case "--steps": {
        const n = number("training steps", (x) => Number.isInteger(x) && x >= 0, "a whole number ≥ 0");
        if (typeof n === "string") bad = n;
        else out.steps = n;
        break;
      }
      case "--seed": {
        const n = number("the generator's seed", (x) => Number.isInteger(x), "a whole number");
        if (typeof n === "string") bad = n;
        else out.seed = n;
        break;
      }
      case "--timeout": {
        const n = number("seconds", (x) => x > 0, "a number of seconds > 0");
        if (typeof n === "string") bad = n;
        else out.timeoutS = n;
        break;
      }
      case "--memory": {
        const n = number("megabytes", (x) => Number.isInteger(x) && x >= 16, "a whole number of MB ≥ 16");
        if (typeof n === "string") bad = n;
        else out.memoryMb = n;
        break;
      }
      case "--json":
        // NOTE: the next word is the output file only if it ends in .json (else it is the model file).
        if (inline !== undefined) out.json = inline;
        else if (rest[i + 1]?.endsWith(".json")) out.json = rest[++i];
        else out.json = true;
        break;
      case "--html": {
        const path = inline ?? rest[++i];
        if (path === undefined || path.startsWith("-")) bad = "--html needs an output file, e.g. --html report.html";
        else out.html = path;
        break;
      }
      case "--values":
        out.values = true;
        break;
      case "--no-color":
        out.color = false;
        break;
      case "--color":
        out.color = true;
        break;
      case "--verbose":
        out.verbose = true;
        break;
      default:
        if (flag.startsWith("-")) bad = `unknown option ${flag}`;
        else files.push(raw);
    }
    if (bad !== undefined) return { command: "error", message: bad };
  }
  if (files.length === 0) return { command: "error", message: "no model file given (backprop-lens trace <file>)" };
  if (files.length > 1) return { command: "error", message: `one model file at a time, got ${files.length}: ${files.join(", ")}` };
  out.file = files[0];
  return out;
}
