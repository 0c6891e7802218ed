import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: { "backprop-lens": fileURLToPath(new URL("./src/api.ts", import.meta.url)) },
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "test/vscode/**", "node_modules/**"],
    testTimeout: 60_000,
    pool: "forks",
  },
});
