import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

// NOTE: the architecture is enforced here: engine/ and trace/ never import vscode or the DOM.
const noVscode = { paths: [{ name: "vscode", message: "Only src/extension may import vscode." }] };

export default tseslint.config(
  { ignores: ["node_modules/", "out/", "dist/", "test/e2e/host/node_modules/", "test-results/", "**/*.generated.ts"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", { selector: "ExportDefaultDeclaration", message: "No default exports in our own code." }],
    },
  },
  {
    files: [
      "src/engine/**",
      "src/trace/**",
      "src/runner/**",
      "src/cli/**",
      "src/report/**",
      "src/tsPlugin/**",
      "src/protocol.ts",
      "src/extension/model/**",
      "src/extension/traceService.ts",
      "src/extension/webviewChannel.ts",
    ],
    rules: { "no-restricted-imports": ["error", noVscode] },
  },
  {
    files: ["src/engine/**", "src/trace/**"],
    rules: {
      "no-restricted-globals": ["error", "window", "document", "navigator"],
    },
  },
  {
    // Tools' config files must default-export their config.
    files: ["*.config.{mjs,ts}"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // Model files default-export their spec by contract.
    files: ["examples/**", "test/e2e/workspaces/**", "bench/traceModels/**"],
    rules: { "no-restricted-syntax": "off" },
  },
);
