#!/usr/bin/env bash
# Every check and test of the project, in the order that fails fastest.
# Each stage is counted; the last line is "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

passed=0
failed=0
failures=()
stage() {
  local name="$1"; shift
  printf '\n==> %s\n' "$name"
  local started=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); printf '<== %s: ok (%ss)\n' "$name" $((SECONDS - started))
  else
    failed=$((failed + 1)); failures+=("$name"); printf '<== %s: FAILED (%ss)\n' "$name" $((SECONDS - started))
  fi
}

stage "cargo fmt --check" cargo fmt --all -- --check
stage "cargo clippy" cargo clippy --workspace --all-targets --locked -- -D warnings
stage "rust tests" cargo test --workspace --locked
if [ -f ui/package.json ]; then
  stage "ui: svelte-check" bash -c 'cd ui && npm run --silent check'
  stage "ui: format" bash -c 'cd ui && npm run --silent format:check'
  stage "ui: vitest" bash -c 'cd ui && npm test --silent'
fi
if [ -f tests/Cargo.toml ]; then
  stage "end-to-end" bash scripts/e2e.sh
fi

echo
if [ ${#failures[@]} -gt 0 ]; then printf 'failed stages: %s\n' "${failures[*]}"; fi
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
