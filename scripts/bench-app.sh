#!/usr/bin/env bash
# Benchmarks of the real app (tests/src/bin/bench_app.rs) with a cache of
# 100k conversations / 1M messages (full history): action → painted in the
# real window (search keystroke, filter switch, opening a conversation) and
# frame gaps while scrolling, cold start and memory next to an empty Tauri
# window built in the same run, and live latencies (backend commit → row
# visible, → D-Bus Notify). Extra arguments go to the benchmark, e.g.
#   scripts/bench-app.sh --conversations 10000 --runs 3 --samples 20 --clicks 16
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
target_dir="${CARGO_TARGET_DIR:-$root/target}"

echo "==> building the UI, then the app, the empty window and the benchmark (release)"
(cd ui && npm run --silent build)
cargo build --locked --release -p switchboard -p switchboard-empty-window -p switchboard-e2e --bin switchboard --bin switchboard-empty-window --bin bench-app

export SWITCHBOARD_APP_BIN="$target_dir/release/switchboard"
export SWITCHBOARD_EMPTY_WINDOW_BIN="$target_dir/release/switchboard-empty-window"
export WEBKIT_DISABLE_DMABUF_RENDERER=1
echo "==> running (inside a private D-Bus session and a virtual X display)"
dbus-run-session -- xvfb-run -a -s '-screen 0 1280x800x24' "$target_dir/release/bench-app" "$@"
