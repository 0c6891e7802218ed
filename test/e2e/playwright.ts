import { createRequire } from "node:module";
import { join } from "node:path";
import type * as Playwright from "playwright-core";
import { paths } from "./paths";

// NOTE: playwright-core lives in test/e2e/host (installed by setup.sh), not in the root node_modules, so
// it is loaded from there explicitly; type-only imports elsewhere are erased by esbuild.
const requireFromHost = createRequire(join(paths.host, "package.json"));

/** The playwright-core module from the e2e host. */
export function loadPlaywright(): typeof Playwright {
  try {
    return requireFromHost("playwright-core") as typeof Playwright;
  } catch (error) {
    throw new Error(`e2e: playwright-core is not installed in ${paths.host}; run bash test/e2e/setup.sh (${String(error)})`);
  }
}
