// Which sync status the page shows. The engine retries a failed sync with
// backoff, and each retry starts by saying "connecting" or "bootstrapping,
// no page yet": shown as they come, a failure the banner explains would
// flicker away for the moment of every retry (and a first sync on a full
// disk would look like one that is merely slow). The failure stays said
// until a retry gets somewhere.

import type { SyncStatus } from "./bindings/SyncStatus";

/** What the page shows once the engine says `next`, having shown `shown`. */
export function shownStatus(shown: SyncStatus, next: SyncStatus): SyncStatus {
  const retryStarting =
    next.kind === "connecting" ||
    (next.kind === "bootstrapping" && next.pages_done === 0);
  return shown.kind === "error" && retryStarting ? shown : next;
}
