#!/usr/bin/env bash
# The .deb installs and the installed app starts (a stage of
# scripts/test-all.sh): builds the package (scripts/package.sh), checks that
# its declared dependencies cover every library the binary links, installs it
# with dpkg (missing dependencies through apt-get), starts /usr/bin/switchboard
# on a virtual X display and a private session bus with a fresh data dir
# (demo mode), and waits for `switchboard: ready in N ms`, printed once the
# page has painted its first list. Then removes the package again, unless it
# was installed before. Uses sudo (when not root) for dpkg and apt-get only.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf '\n==> %s\n' "$*"; }
fail() { echo "package check: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || fail "missing $1: run ./dev install"; }
for tool in dpkg dpkg-deb apt-cache readelf xvfb-run dbus-run-session timeout; do need "$tool"; done
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
free_disk() { df -Ph "$root" | awk 'NR == 2 { print $4 }'; }
target_dir="${CARGO_TARGET_DIR:-$root/target}"
# Long enough for a cold WebKit start on a busy two-core machine; a healthy
# start takes a few seconds.
ready_timeout_s="${PACKAGE_CHECK_TIMEOUT_S:-90}"
installed=/usr/bin/switchboard

echo "free disk before: $(free_disk)"
bash scripts/package.sh
deb="$(find "$target_dir/release/bundle/deb" -maxdepth 1 -name '*.deb' -print -quit)"
package="$(dpkg-deb -f "$deb" Package)"

say "checking what the package declares"
depends="$(dpkg-deb -f "$deb" Depends)"
echo "Depends: $depends"
contents="$(dpkg-deb -c "$deb" | awk '{ sub(/^\.?\//, "", $NF); print "/" $NF }')"
for path in /usr/bin/switchboard /usr/share/applications/Switchboard.desktop \
  /usr/share/icons/hicolor/128x128/apps/switchboard.png; do
  grep -qx "$path" <<<"$contents" || fail "the package lacks $path"
done
# Every library the binary links must come with a declared dependency (or
# one it pulls in): else the app would not start on a machine that has
# only what the package asks for. The essential libc6 and libgcc-s1 are on
# every machine.
closure="$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances --no-pre-depends \
  $(sed 's/([^)]*)//g; s/,/ /g' <<<"$depends") 2>/dev/null |
  awk '/^[a-z0-9]/ { print $1 } /Depends:/ { print $2 }' | tr -d '<>' | sed 's/:.*//' | sort -u)"
# The package that ships a library file, whichever of /lib and /usr/lib
# (one folder on a merged-/usr system) it recorded.
owner_of() {
  local path owner
  for path in "$1" "$(readlink -f "$1")"; do
    for path in "$path" "${path#/usr}" "/usr${path#/usr}"; do
      owner="$(dpkg -S "$path" 2>/dev/null | head -n1 | cut -d: -f1)" || true
      if [ -n "$owner" ]; then echo "$owner" && return; fi
    done
  done
}
binary="$target_dir/release/switchboard"
uncovered=()
while read -r lib; do
  # `ldd` shows the dynamic loader by its path alone.
  file="$(ldd "$binary" | awk -v lib="$lib" '$1 == lib { print $3 } $1 ~ ("/" lib "$") { print $1 }')"
  [ -f "$file" ] || fail "$lib, linked by the app, is not on this machine"
  owner="$(owner_of "$file")"
  case "$owner" in libc6 | libgcc-s1) continue ;; esac
  grep -qx "$owner" <<<"$closure" || uncovered+=("$lib (${owner:-no package})")
done < <(readelf -d "$binary" | awk '/NEEDED/ { gsub(/[][]/, "", $NF); print $NF }')
[ ${#uncovered[@]} -eq 0 ] || fail "linked but not declared (tauri.conf.json bundle.linux.deb.depends): ${uncovered[*]}"
echo "every linked library comes with a declared dependency"

installed_before=false
if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
  installed_before=true
fi
scratch="$(mktemp -d)"
cleanup() {
  rm -rf "$scratch"
  if [ "$installed_before" = false ] &&
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed'; then
    say "removing the package (dpkg -r $package)"
    sudo_if_needed dpkg -r "$package" >/dev/null
  fi
}
trap cleanup EXIT

say "installing ${deb#"$root"/} (dpkg -i)"
if ! sudo_if_needed dpkg -i "$deb"; then
  echo "installing the missing dependencies (apt-get -f install)"
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get -f install -y -qq
fi
dpkg-query -W -f='${Status}' "$package" | grep -q 'install ok installed' || fail "$package did not install"
[ "$(dpkg -S "$installed" | cut -d: -f1)" = "$package" ] || fail "$installed does not come from $package"
# The menu entry starts the installed binary and names an installed icon.
entry=/usr/share/applications/Switchboard.desktop
exec_line="$(sed -n 's/^Exec=//p' "$entry")"
icon="$(sed -n 's/^Icon=//p' "$entry")"
[ "$(command -v "${exec_line%% *}")" = "$installed" ] || fail "$entry: Exec=$exec_line does not start $installed"
compgen -G "/usr/share/icons/hicolor/*/apps/$icon.png" >/dev/null || fail "$entry: no installed icon $icon"
# The installed binary answers on the command line, without a window.
version="$(dpkg-deb -f "$deb" Version)"
answer="$(env -u DISPLAY -u WAYLAND_DISPLAY "$installed" --version)"
[ "$answer" = "switchboard $version" ] || fail "$installed --version printed '$answer', not 'switchboard $version'"
echo "$installed --version: $answer"

say "starting the installed app (demo mode on a fresh data dir; at most ${ready_timeout_s}s)"
mkdir -p "$scratch"/{home,config,data,cache,runtime}
chmod 700 "$scratch/runtime"
log="$scratch/app.log"
started=$SECONDS
status=0
# SWITCHBOARD_EXIT_AFTER_READY=1: the app quits by itself right after the
# ready line, the way a person's Quit does.
env HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" \
  XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/runtime" \
  SWITCHBOARD_DATA_DIR="$scratch/app-data" SWITCHBOARD_EXIT_AFTER_READY=1 \
  WEBKIT_DISABLE_DMABUF_RENDERER=1 \
  timeout --kill-after=10 "$ready_timeout_s" \
  dbus-run-session -- xvfb-run -a -s '-screen 0 1280x800x24' "$installed" >"$log" 2>&1 || status=$?
ready="$(grep -m1 'switchboard: ready in' "$log" || true)"
if [ -z "$ready" ] || [ "$status" -ne 0 ]; then
  tail -n 40 "$log" >&2
  [ "$status" -ne 124 ] || [ -n "$ready" ] || fail "no first painted list within ${ready_timeout_s}s"
  [ "$status" -ne 124 ] || fail "first painted list, but the app did not quit within ${ready_timeout_s}s"
  fail "the installed app exited with status $status before or after its first painted list"
fi
echo "$ready (the installed app, exited cleanly after $((SECONDS - started))s)"
echo "free disk after: $(free_disk) (the release build: $(du -sh "$target_dir/release" | cut -f1))"
