// The committed kernel modules (*Wasm.generated.ts) are what scripts/buildWasm.mjs makes of the .wat
// sources today: its --check mode assembles every kernel and compares the whole generated file.
import { expect, test } from "vitest";
import { spawnSync } from "node:child_process";

test("every *Wasm.generated.ts is up to date with its .wat (run: node scripts/buildWasm.mjs)", () => {
  const r = spawnSync(process.execPath, ["scripts/buildWasm.mjs", "--check"], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
});
