import { describe, expect, test } from "vitest";
import type { SyncStatus } from "./bindings/SyncStatus";
import { shownStatus } from "./syncStatus";

const failed: SyncStatus = {
  kind: "error",
  problem: "disk_full",
  reason: "local store: the disk is full",
};
const bootstrapping = (pages_done: number): SyncStatus => ({
  kind: "bootstrapping",
  pages_done,
  conversations_done: pages_done * 500,
  total: pages_done ? 2_000 : null,
});

describe("the sync status shown", () => {
  test("a retry's start does not hide the failure", () => {
    expect(shownStatus(failed, { kind: "connecting" })).toBe(failed);
    expect(shownStatus(failed, bootstrapping(0))).toBe(failed);
  });

  test("the retry's first progress does, and so does any other news", () => {
    expect(shownStatus(failed, bootstrapping(1))).toEqual(bootstrapping(1));
    expect(shownStatus(failed, { kind: "catching_up" })).toEqual({
      kind: "catching_up",
    });
    expect(shownStatus(failed, { kind: "live" })).toEqual({ kind: "live" });
    expect(shownStatus(failed, { kind: "signed_out" })).toEqual({
      kind: "signed_out",
    });
    const other: SyncStatus = {
      kind: "error",
      problem: "bad_server_answer",
      reason: "bad response",
    };
    expect(shownStatus(failed, other), "a new failure").toBe(other);
  });

  test("without a failure shown, every status is shown as it comes", () => {
    expect(shownStatus({ kind: "live" }, { kind: "connecting" })).toEqual({
      kind: "connecting",
    });
    expect(shownStatus({ kind: "connecting" }, bootstrapping(0))).toEqual(
      bootstrapping(0),
    );
  });
});
