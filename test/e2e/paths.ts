import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** Walks up from the running bundle (out/test/...) or source file to the repository root. */
function findRepoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, "test", "e2e", "host", "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`e2e: cannot find the repository root above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** Absolute paths the e2e harness uses; CHROMIUM_PATH overrides the Debian browser. */
export const paths = (() => {
  const repo = findRepoRoot();
  const host = join(repo, "test", "e2e", "host");
  return {
    repo,
    host,
    codeServerBin: join(host, "node_modules", ".bin", "code-server"),
    chromium: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    workspaces: join(repo, "test", "e2e", "workspaces"),
    results: join(repo, "test-results"),
    outTests: join(repo, "out", "test"),
  };
})();
