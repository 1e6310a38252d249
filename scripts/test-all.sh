#!/usr/bin/env bash
# Every check and test of the project, in the order that fails fastest.
# Each stage is counted and timed; the last line is "stages: N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

passed=0
failed=0
failures=()
timings=()
# Free space where the build goes, shown per stage: a full disk is the one
# failure whose cause a compiler error hides.
free_disk() { df -Ph "$root" | awk 'NR == 2 { print $4 }'; }
stage() {
  local name="$1"; shift
  printf '\n==> %s\n' "$name"
  local started=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); printf '<== %s: ok (%ss)\n' "$name" $((SECONDS - started))
  else
    failed=$((failed + 1)); failures+=("$name"); printf '<== %s: FAILED (%ss)\n' "$name" $((SECONDS - started))
  fi
  timings+=("$(printf '%5ss  %6s free  %s' $((SECONDS - started)) "$(free_disk)" "$name")")
}

echo "free disk at start: $(free_disk)"
if [ -f ui/package.json ]; then
  # First: src-tauri embeds ui/dist when it compiles (clippy and tests too).
  stage "ui: build" bash -c 'cd ui && npm run --silent build'
fi
stage "cargo fmt --check" cargo fmt --all -- --check
stage "cargo clippy" cargo clippy --workspace --all-targets --locked -- -D warnings
# The end-to-end scenarios are #[ignore]d here; the last stage runs them.
# A private session bus: the shell's notification test talks to a real D-Bus.
stage "rust tests" dbus-run-session -- cargo test --workspace --locked
# The OpenAPI document against the running backend (schemathesis, from PyPI).
stage "contract: schemathesis" bash scripts/contract.sh
if [ -f ui/package.json ]; then
  stage "ui: svelte-check" bash -c 'cd ui && npm run --silent check'
  stage "ui: format" bash -c 'cd ui && npm run --silent format:check'
  stage "ui: vitest" bash -c 'cd ui && npm test --silent'
fi
if [ -f tests/Cargo.toml ]; then
  stage "end-to-end" bash scripts/e2e.sh
fi
# Last: a release build, then the .deb installed and started as a user would.
if command -v dpkg >/dev/null 2>&1; then
  stage "package: build, install, start" bash scripts/package-check.sh
fi

echo
echo "time per stage (and free disk after it):"
printf '  %s\n' "${timings[@]}"
echo "  total: ${SECONDS}s"
if [ ${#failures[@]} -gt 0 ]; then printf 'failed stages: %s\n' "${failures[*]}"; fi
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
