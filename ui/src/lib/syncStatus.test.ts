import { describe, expect, test } from "vitest";
import type { SyncStatus } from "./bindings/SyncStatus";
import { pagesStoredAfter, shownStatus } from "./syncStatus";

const failed: SyncStatus = {
  kind: "error",
  problem: "disk_full",
  reason: "local store: the disk is full",
};
const bootstrapping = (pages_done: number): SyncStatus => ({
  kind: "bootstrapping",
  pages_done,
  conversations_done: pages_done * 500,
  total: pages_done ? 20_000 : null,
});

/** What the page shows along `statuses`, from `start`. */
function shownAlong(start: SyncStatus, statuses: SyncStatus[]) {
  let shown = start;
  let pages = 0;
  return statuses.map((next) => {
    shown = shownStatus(shown, next, pages);
    pages = pagesStoredAfter(pages, next);
    return shown;
  });
}

describe("the sync status shown", () => {
  test("a retry's start does not hide the failure; its first page does", () => {
    const shown = shownAlong({ kind: "connecting" }, [
      bootstrapping(0),
      failed,
      { kind: "connecting" },
      bootstrapping(0),
      bootstrapping(1),
    ]);
    expect(shown).toEqual([
      bootstrapping(0),
      failed,
      failed,
      failed,
      bootstrapping(1),
    ]);
  });

  test("a retry resuming a first sync where it stopped is no progress yet", () => {
    const shown = shownAlong({ kind: "connecting" }, [
      bootstrapping(4),
      bootstrapping(5),
      failed,
      { kind: "connecting" },
      bootstrapping(5),
      bootstrapping(6),
    ]);
    expect(shown.slice(2)).toEqual([failed, failed, failed, bootstrapping(6)]);
  });

  test("any other news replaces the failure", () => {
    for (const next of [
      { kind: "catching_up" },
      { kind: "live" },
      { kind: "signed_out" },
      { kind: "offline", since: 1, reason: "connection refused" },
      { kind: "error", problem: "bad_server_answer", reason: "bad response" },
    ] satisfies SyncStatus[]) {
      expect(shownStatus(failed, next, 0)).toEqual(next);
    }
  });

  test("a finished sync leaves no pages for a later one to repeat", () => {
    const shown = shownAlong({ kind: "connecting" }, [
      bootstrapping(40),
      { kind: "live" },
      failed,
      bootstrapping(1),
    ]);
    expect(shown.at(-1), "a rebuilt cache's first page").toEqual(
      bootstrapping(1),
    );
  });

  test("without a failure shown, every status is shown as it comes", () => {
    expect(shownStatus({ kind: "live" }, { kind: "connecting" }, 0)).toEqual({
      kind: "connecting",
    });
    expect(shownStatus({ kind: "connecting" }, bootstrapping(3), 3)).toEqual(
      bootstrapping(3),
    );
  });
});
