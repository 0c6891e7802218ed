import { readdirSync } from "node:fs";
import { join } from "node:path";

// Which bundled test files a run picks up: every *.test.js / *.spec.js at any depth under the bundle's
// folder, the untrusted-workspace tests (*.untrusted.test.js) in their own pass only.

/** Where the runner asks the extension-host suite to run (its environment variable, read by test/vscode/index.ts). */
export const TRUST_ENV = "BACKPROP_LENS_E2E_TRUST";

/** The extension-host pass a suite runs in: a trusted workspace (trust disabled) or a restricted one. */
export type TrustPass = "trusted" | "untrusted";

/** Every file under `dir`, at any depth, whose name ends with `suffix`: absolute paths, sorted. */
export function findTestFiles(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Whether a test file belongs to the untrusted-workspace pass (NAME.untrusted.test.ts). */
export function isUntrustedTest(file: string): boolean {
  return /\.untrusted\.test\.[jt]s$/.test(file);
}

/** The bundled extension-host test files of one pass, under `dir` (out/test/suite). */
export function extensionHostTests(dir: string, pass: TrustPass): string[] {
  return findTestFiles(dir, ".test.js").filter((file) => isUntrustedTest(file) === (pass === "untrusted"));
}
