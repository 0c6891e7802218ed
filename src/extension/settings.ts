// Reads the backpropLens.* settings (defaults and ranges live in package.json's contributes.configuration).
import * as vscode from "vscode";
import type { CheckMode } from "../protocol";
import type { LensSettings } from "./model/runOptions";

/** The settings section. */
export const SECTION = "backpropLens";

const CHECK_MODES: readonly CheckMode[] = ["off", "fast", "sample", "full"];

function positive(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : fallback;
}

/** The settings that apply to `scope` (a model file), with out-of-range values replaced by the defaults. */
export function readSettings(scope?: vscode.Uri): LensSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const mode = c.get<string>("check.mode");
  return {
    check: {
      mode: CHECK_MODES.includes(mode as CheckMode) ? (mode as CheckMode) : "fast",
      atol: positive(c.get("check.atol"), 1e-5),
      rtol: positive(c.get("check.rtol"), 1e-3),
      eps: positive(c.get("check.eps"), 1e-6),
    },
    thresholds: {
      vanishingRelative: positive(c.get("thresholds.vanishingRelative"), 1e-3),
      vanishingAbsolute: positive(c.get("thresholds.vanishingAbsolute"), 1e-7),
      explodingRelative: positive(c.get("thresholds.explodingRelative"), 1e3),
      explodingAbsolute: positive(c.get("thresholds.explodingAbsolute"), 1e3),
    },
    steps: Math.round(positive(c.get("steps"), 50)),
    timeLimitSeconds: positive(c.get("timeLimitSeconds"), 30),
    memoryLimitMb: positive(c.get("memoryLimitMb"), 2048),
    traceOnSave: c.get<boolean>("traceOnSave") !== false,
  };
}
