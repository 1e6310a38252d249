#!/usr/bin/env bash
# The published contract: schemathesis (from PyPI) runs every check against
# the running reference backend, from its own /v1/openapi.json, and any
# failure fails the stage. Installed into target/ (nothing outside the
# clone); seeded and bounded, so a run takes well under a minute.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

SCHEMATHESIS_VERSION="4.32.5"

contract() {
  cd "$root"
  local venv="target/contract/venv"
  if [ "$("$venv/bin/st" --version 2>/dev/null)" != "st, version $SCHEMATHESIS_VERSION" ]; then
    echo "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --no-cache-dir --disable-pip-version-check \
      "schemathesis==$SCHEMATHESIS_VERSION"
  fi
  cargo build --quiet --locked -p switchboard-backend
  # The binary itself, not `cargo run`, so that the exit trap stops the server.
  local backend="${CARGO_TARGET_DIR:-target}/debug/switchboard-backend"

  work="$(mktemp -d)"
  trap stop EXIT
  local token
  token="$("$backend" token create --db "$work/backend.db" --role manager --name Contract | tail -n 1)"
  # Demo data, so that ids hit real conversations; a slow simulator.
  "$backend" serve --db "$work/backend.db" --addr 127.0.0.1:0 --demo --rate 0.2 \
    >"$work/server.out" 2>"$work/server.log" &
  server_pid=$!
  local url=""
  for _ in $(seq 100); do
    url="$(sed -n 's/^listening on //p' "$work/server.out")"
    [ -n "$url" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; return 1; }
    sleep 0.2
  done
  [ -n "$url" ] || { echo "the backend did not start"; cat "$work/server.log"; return 1; }

  # The event stream never ends, so a fuzzer cannot read its response; its
  # refusals (400, 401, 410, 429) are tested in crates/backend/tests.
  (cd "$work" && "$root/$venv/bin/st" --config-file "$root/scripts/contract.toml" run "$url/v1/openapi.json" \
    --checks all \
    --header "Authorization: Bearer $token" \
    --exclude-path /v1/sync/stream \
    --max-examples 25 \
    --seed 1 \
    --workers 1 \
    --request-timeout 10)
}

# The server and the temporary directory of a run (globals: the exit trap
# runs after `contract` has returned).
work=""
server_pid=""
stop() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  if [ -n "$work" ]; then rm -rf "$work"; fi
}

contract "$@"
