#!/usr/bin/env bash
# The README's test command (npm test): every check and suite runs even when an earlier one fails, so
# CI's summary counts them all; the exit status is non-zero if any failed. Checks that are not test
# suites (type-check, lint) count as one test each in test-results/*.summary.json.
set -u
cd "$(dirname "$0")/.."
mkdir -p test-results
status=0

check() {
  local name=$1
  shift
  echo "== $name: $*"
  if "$@"; then
    printf '{"suite":"%s","passed":1,"failed":0}\n' "$name" > "test-results/$name.summary.json"
  else
    printf '{"suite":"%s","passed":0,"failed":1}\n' "$name" > "test-results/$name.summary.json"
    status=1
  fi
}

suite() {
  echo "== $*"
  "$@" || status=1
}

check typecheck npm run --silent typecheck
check lint npm run --silent lint
suite npm run --silent test:unit
suite npm run --silent test:vscode
suite npm run --silent test:ui
exit $status
