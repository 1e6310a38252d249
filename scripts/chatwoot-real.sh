#!/usr/bin/env bash
# Opt-in checks of the app against a real Chatwoot (src-tauri/tests/real_chatwoot.rs).
#
#   SWITCHBOARD_CHATWOOT_URL=https://chat.example.com \
#   SWITCHBOARD_CHATWOOT_ACCOUNT=1 \
#   SWITCHBOARD_CHATWOOT_TOKEN=… scripts/chatwoot-real.sh
#
# reads only: sign in, first sync, the history of one conversation. With
# `--writes` and SWITCHBOARD_CHATWOOT_CONVERSATION=<number>, it also sends
# one reply into that conversation (its customer receives it, and you take
# the conversation over) and checks it is stored exactly once.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

for name in SWITCHBOARD_CHATWOOT_URL SWITCHBOARD_CHATWOOT_ACCOUNT SWITCHBOARD_CHATWOOT_TOKEN; do
  if [ -z "${!name:-}" ]; then
    echo "set $name (see README: Using Switchboard with Chatwoot)" >&2
    exit 2
  fi
done
tests=(a_real_chatwoot_signs_in_syncs_and_serves_a_conversations_history)
if [ "${1:-}" = "--writes" ]; then
  if [ -z "${SWITCHBOARD_CHATWOOT_CONVERSATION:-}" ]; then
    echo "--writes needs SWITCHBOARD_CHATWOOT_CONVERSATION=<the conversation's number in Chatwoot>" >&2
    exit 2
  fi
  export SWITCHBOARD_CHATWOOT_ALLOW_WRITES=1
  tests+=(a_reply_to_a_real_chatwoot_arrives_exactly_once)
fi

# The app's crate embeds ui/dist when it compiles.
if [ ! -f ui/dist/index.html ]; then
  (cd ui && npm ci --silent && npm run --silent build)
fi
for test in "${tests[@]}"; do
  cargo test -p switchboard --test real_chatwoot -- --ignored --exact "$test" --nocapture
done
