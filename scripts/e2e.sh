#!/usr/bin/env bash
# The end-to-end suite (tests/): builds the UI, the app and the backend, then
# runs the scenarios on the real app inside a private D-Bus session and a
# virtual X display, with cargo-nextest. Extra arguments go to nextest, e.g.
#   scripts/e2e.sh first_launch      # only the scenarios whose name matches
# E2E_PROFILE=release runs against a release build (default: debug, which
# reuses what `cargo test --workspace` already compiled).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf '\n==> %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "missing $1: run ./dev install" >&2; exit 1; }; }
for tool in tauri-driver WebKitWebDriver xvfb-run dbus-run-session dbus-daemon npm cargo-nextest; do need "$tool"; done

profile="${E2E_PROFILE:-debug}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"

# src-tauri embeds ui/dist when it compiles: the UI is built first.
say "building the UI (npm run build)"
(cd ui && npm run --silent build)

# Every cargo call here selects the whole workspace with its tests, as the
# "rust tests" stage does: cargo resolves dependency features per selection,
# so `-p switchboard` alone would compile a second copy of the dependency
# tree (gigabytes of disk, and minutes) that differs only in features.
# `cargo test --no-run` also builds each package's binaries, the app and
# the backend and the fake Chatwoot among them, for the integration tests
# that run them.
scenarios=(--workspace --locked --test scenarios --test harness)
if [ "$profile" = release ]; then
  say "building the app, the backend and the fake Chatwoot (release)"
  cargo build --locked --release -p switchboard -p switchboard-backend -p switchboard-chatwoot-fake
fi
say "building the app, the backend, the fake Chatwoot and the end-to-end tests (debug)"
cargo test --workspace --locked --no-run

export SWITCHBOARD_APP_BIN="$target_dir/$profile/switchboard"
export SWITCHBOARD_BACKEND_BIN="$target_dir/$profile/switchboard-backend"
export SWITCHBOARD_CHATWOOT_FAKE_BIN="$target_dir/$profile/switchboard-chatwoot-fake"
export WEBKIT_DISABLE_DMABUF_RENDERER=1
# Failures print their context chain; backtraces of the harness add nothing.
export RUST_LIB_BACKTRACE=0
shots="$target_dir/e2e-shots"
rm -rf "$shots" && mkdir -p "$shots"

say "running the scenarios (screenshots in ${shots#"$root"/})"
# Profile `e2e` in .config/nextest.toml: one at a time, each in its own
# process, killed and retried once if it hangs.
dbus-run-session -- xvfb-run -a -s '-screen 0 1280x800x24' \
  cargo nextest run "${scenarios[@]}" --profile e2e --run-ignored only --no-capture "$@"
