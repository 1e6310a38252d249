import { describe, expect, test } from "vitest";
import { dayLabel, duration, relativeTime } from "./time";

describe("time", () => {
  const now = Date.UTC(2026, 10, 25, 15, 0);

  test("relative times are compact and grow with age", () => {
    expect(relativeTime(now - 10_000, now), "under a minute").toBe("now");
    expect(relativeTime(now - 5 * 60_000, now), "minutes").toBe("5m");
    expect(relativeTime(now - 3 * 3_600_000, now), "hours").toBe("3h");
    expect(relativeTime(now - 30 * 3_600_000, now), "a day ago").toBe(
      "yesterday",
    );
  });

  test("a time in the future (clock skew) reads as now, not negative", () => {
    expect(relativeTime(now + 60_000, now), "skew must not show -1m").toBe(
      "now",
    );
  });

  test("durations say how long a customer waits", () => {
    expect(duration(45_000), "seconds").toBe("45s");
    expect(duration(12 * 60_000), "minutes").toBe("12m");
    expect(duration(125 * 60_000), "hours and minutes").toBe("2h 05m");
    expect(duration(50 * 3_600_000), "days").toBe("2d 2h");
  });

  test("day separators name today and yesterday", () => {
    expect(dayLabel(now - 60_000, now), "same day").toBe("Today");
    expect(dayLabel(now - 86_400_000, now), "the day before").toBe("Yesterday");
    expect(
      dayLabel(now - 5 * 86_400_000, now),
      "older days are dated",
    ).not.toMatch(/Today|Yesterday/);
  });
});
