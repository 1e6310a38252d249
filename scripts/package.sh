#!/usr/bin/env bash
# Builds Switchboard's Debian package (`./dev package`): the UI, the app in
# release, then the Tauri bundler's .deb from tauri.conf.json (desktop entry,
# icons, declared dependencies). Prints where the package is and the sizes of
# the binary and the package. Installs nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf '\n==> %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "missing $1: run ./dev install" >&2; exit 1; }; }
for tool in cargo npm node; do need "$tool"; done
tauri_cli="$root/ui/node_modules/.bin/tauri"
[ -x "$tauri_cli" ] || { echo "missing the Tauri CLI (@tauri-apps/cli): run ./dev install" >&2; exit 1; }

target_dir="${CARGO_TARGET_DIR:-$root/target}"
binary="$target_dir/release/switchboard"
mib() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

# src-tauri embeds ui/dist when it compiles: the UI is built first.
say "building the UI (npm run build)"
(cd ui && npm run --silent build)

# cargo builds the app (the same release binary as `./dev run`); the Tauri
# CLI only bundles it. Letting the CLI run cargo would hand the build a
# config of its own (TAURI_CONFIG), with paths relative to another folder.
say "building the app (release)"
cargo build --locked --release -p switchboard

# The CLI wants tauri.conf.json beside the app crate's Cargo.toml; ours sits
# at the repository root, next to ui/ and icons/ (src-tauri/build.rs says
# why). So for the time of the bundling src-tauri holds a copy whose paths
# are made relative to src-tauri; the bundle takes everything else (name,
# identifier, version, description, license, tray feature) from the real
# config and the real manifest.
say "bundling the .deb (Tauri CLI $("$tauri_cli" --version | awk '{ print $2 }'))"
bundle_config="$root/src-tauri/tauri.conf.json"
[ ! -e "$bundle_config" ] || { echo "$bundle_config exists: remove it (a leftover of an interrupted run?)" >&2; exit 1; }
trap 'rm -f "$bundle_config"' EXIT
node -e '
  const fs = require("fs");
  const [from, to] = process.argv.slice(1);
  const config = JSON.parse(fs.readFileSync(from, "utf8"));
  const up = (path) => "../" + path;
  config.build.frontendDist = up(config.build.frontendDist);
  config.bundle.icon = config.bundle.icon.map(up);
  fs.writeFileSync(to, JSON.stringify(config, null, 2) + "\n");
' "$root/tauri.conf.json" "$bundle_config"
rm -rf "$target_dir/release/bundle/deb"
(cd ui && TAURI_APP_PATH="$root/src-tauri" TAURI_FRONTEND_PATH="$root/ui" \
  "$tauri_cli" bundle --bundles deb --ci)
rm -f "$bundle_config"

deb="$(find "$target_dir/release/bundle/deb" -maxdepth 1 -name '*.deb' -print -quit)"
[ -n "$deb" ] || { echo "the bundler made no .deb" >&2; exit 1; }
echo
echo "package: ${deb#"$root"/}"
echo "sizes: binary $(mib "$binary"), .deb $(mib "$deb")"
echo "install it with: sudo apt install ./${deb#"$root"/}"
