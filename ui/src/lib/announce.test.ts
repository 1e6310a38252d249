// The live region's queue: every message is on screen long enough to be
// spoken, and a newer count replaces an older one still waiting its turn.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { announce, announcement, HOLD_MS } from "./announce.svelte";

beforeEach(() => vi.useFakeTimers());
afterEach(async () => {
  await vi.runAllTimersAsync();
  vi.useRealTimers();
});

describe("announce", () => {
  test("a message arriving just after another waits its turn instead of replacing it", () => {
    announce("Reply sent");
    announce("A customer is waiting for a human. 3 waiting.", "waiting");
    vi.advanceTimersByTime(100);
    expect(announcement.text, "the first message is said first").toBe(
      "Reply sent",
    );
    vi.advanceTimersByTime(HOLD_MS - 200);
    expect(announcement.text, "and stays while it may be spoken").toBe(
      "Reply sent",
    );
    vi.advanceTimersByTime(300);
    expect(announcement.text, "then the next one").toBe(
      "A customer is waiting for a human. 3 waiting.",
    );
  });

  test("a newer count replaces an older one still waiting, so the region never lags", () => {
    announce("Reply sent");
    announce("3 waiting.", "waiting");
    announce("4 waiting.", "waiting");
    vi.advanceTimersByTime(HOLD_MS + 100);
    expect(announcement.text, "only the latest count is said").toBe(
      "4 waiting.",
    );
    vi.advanceTimersByTime(HOLD_MS + 100);
    expect(announcement.text, "nothing else was queued").toBe("4 waiting.");
  });
});
