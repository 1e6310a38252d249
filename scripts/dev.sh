#!/usr/bin/env bash
# The implementation of ./dev (see there). Each step says what it does.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# Where rustup and `cargo install` put their binaries (tauri-driver).
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf '\n==> %s\n' "$*"; }

# Debian packages the build and the tests need (see docs/development.md).
APT_PACKAGES=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  librsvg2-dev libayatana-appindicator3-dev libxdo-dev libssl-dev libsecret-1-dev
  webkit2gtk-driver xvfb xauth dbus dbus-x11 imagemagick
  # scripts/contract.sh installs schemathesis into a venv under target/.
  python3 python3-venv
  # Fonts for the window the end-to-end suite screenshots.
  fonts-dejavu-core fonts-noto-color-emoji
)

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_system_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    sudo_if_needed apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

install_toolchains() {
  if ! command -v cargo >/dev/null 2>&1; then
    say "installing Rust (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c rustfmt,clippy
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
  fi
  if ! command -v npm >/dev/null 2>&1; then
    say "installing Node.js and npm"
    sudo_if_needed apt-get install -y -qq nodejs npm >/dev/null
  fi
}

install_ui_packages() {
  if [ -f ui/package-lock.json ]; then
    if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
      say "installing the UI's npm packages (npm ci)"
      (cd ui && npm ci --no-audit --no-fund --loglevel=error)
    fi
  fi
}

install_test_tools() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "installing tauri-driver (cargo install --locked)"
    cargo install tauri-driver --locked --version '^2' --quiet
  fi
  # The end-to-end runner (its per-scenario time limit); most Rust machines
  # already have it.
  if ! command -v cargo-nextest >/dev/null 2>&1; then
    say "installing cargo-nextest (cargo install --locked)"
    cargo install cargo-nextest --locked --quiet
  fi
}

install_all() {
  install_system_packages
  install_toolchains
  install_ui_packages
}

cmd_run() {
  install_all
  if [ -d ui ]; then (cd ui && npm run build --silent); fi
  say "building and starting Switchboard (demo mode unless signed in to a backend)"
  exec cargo run --release -p switchboard -- "$@"
}

# Builds the Debian package (scripts/package.sh); does not install it.
cmd_package() {
  install_all
  exec bash scripts/package.sh
}

# Runs every check and test; prints one closing line "N passed, N failed".
cmd_test() {
  install_all
  install_test_tools
  exec bash scripts/test-all.sh "$@"
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  package) cmd_package ;;
  install) install_all; install_test_tools ;;
  *) echo "usage: ./dev run | ./dev test | ./dev package | ./dev install" >&2; exit 2 ;;
esac
