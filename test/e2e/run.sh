#!/usr/bin/env bash
# Runs one real-editor suite end to end: bash test/e2e/run.sh vscode|ui|electron
#   vscode    builds, then runs test/vscode's Mocha suite inside code-server's extension host
#   ui        packages the .vsix, installs it into code-server, runs the Playwright UI specs
#   electron  the same suite as vscode in desktop VS Code via @vscode/test-electron (needs the internet)
# Every path ends with one line `e2e-summary: suite=NAME passed=N failed=M` and the matching
# test-results/NAME.summary.json; a step that fails before the tests run counts as one failure.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

suite="${1:-}"
case "$suite" in
  vscode) prepare=(npm run --silent build) ;;
  ui) prepare=(npm run --silent package) ;;
  electron) prepare=(npm run --silent build) ;;
  *) echo "usage: bash test/e2e/run.sh vscode|ui|electron" >&2; exit 2 ;;
esac

fail_before_tests() {
  echo "e2e: $1 failed; suite $suite did not run" >&2
  mkdir -p test-results
  echo "{\"suite\":\"$suite\",\"passed\":0,\"failed\":1}" >test-results/"$suite".summary.json
  echo "e2e-summary: suite=$suite passed=0 failed=1"
  exit 1
}

"${prepare[@]}" || fail_before_tests "${prepare[*]}"
if [[ "$suite" != electron ]]; then
  bash test/e2e/setup.sh || fail_before_tests "the e2e host setup (test/e2e/setup.sh)"
  # The harness is its own TypeScript project (playwright-core's types come from the e2e host).
  npx tsc -p test/e2e/tsconfig.json --noEmit || fail_before_tests "type-checking test/e2e"
fi
node test/e2e/build.mjs || fail_before_tests "bundling the tests (test/e2e/build.mjs)"
case "$suite" in
  vscode) exec node out/test/e2e/runVscodeTests.js ;;
  ui) exec node out/test/e2e/runUiTests.js ;;
  electron) exec node out/test/e2e/runElectron.js ;;
esac
