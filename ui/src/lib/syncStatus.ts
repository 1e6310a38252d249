// Which sync status the page shows. The engine retries a failed sync with
// backoff, and each retry starts by saying "connecting", then where the
// first sync stands (the pages it had already stored): shown as they come,
// a failure the banner explains would flicker away for the moment of every
// retry (and a first sync on a full disk would look like one that is
// merely slow). The failure stays said until a retry gets somewhere.

import type { SyncStatus } from "./bindings/SyncStatus";

/**
 * What the page shows once the engine says `next`, having shown `shown`;
 * `pagesStored` is how many pages the first sync had stored at its last
 * report (see `pagesStoredAfter`), which a retry resuming there repeats.
 */
export function shownStatus(
  shown: SyncStatus,
  next: SyncStatus,
  pagesStored: number,
): SyncStatus {
  const retryStarting =
    next.kind === "connecting" ||
    (next.kind === "bootstrapping" && next.pages_done <= pagesStored);
  return shown.kind === "error" && retryStarting ? shown : next;
}

/** The first sync's stored pages once the engine said `next`: a finished
 * sync starts any later one (a rebuilt cache) from none. */
export function pagesStoredAfter(pagesStored: number, next: SyncStatus) {
  if (next.kind === "bootstrapping") return next.pages_done;
  if (next.kind === "live" || next.kind === "catching_up") return 0;
  return pagesStored;
}
