import { afterEach, describe, expect, test } from "vitest";
import { clockTime, dayLabel, duration, fullTime, relativeTime } from "./time";
import { setLanguage } from "./i18n.svelte";

describe("time", () => {
  const now = Date.UTC(2026, 10, 25, 15, 0);
  afterEach(() => setLanguage("en"));

  test("relative times are compact and grow with age", () => {
    expect(relativeTime(now - 10_000, now), "under a minute").toBe("now");
    expect(relativeTime(now - 5 * 60_000, now), "minutes").toBe("5m");
    expect(relativeTime(now - 3 * 3_600_000, now), "hours").toBe("3h");
    expect(relativeTime(now - 30 * 3_600_000, now), "a day ago").toBe(
      "yesterday",
    );
  });

  test("clock times are written as each language writes them", () => {
    const morning = new Date(2026, 10, 25, 9, 5).getTime();
    const evening = new Date(2026, 10, 25, 21, 51).getTime();
    expect(clockTime(morning), "no leading zero on an English hour").toMatch(
      /^9:05\sAM$/,
    );
    expect(clockTime(evening)).toMatch(/^9:51\sPM$/);
    expect(fullTime(morning), "the day, then the time").toMatch(
      /^Wed, Nov 25, 9:05\sAM$/,
    );
    setLanguage("pt-BR");
    expect(clockTime(morning), "Portuguese keeps two digits").toBe("09:05");
    expect(clockTime(evening)).toBe("21:51");
    setLanguage("es");
    expect(clockTime(morning)).toBe("9:05");
    expect(clockTime(evening)).toBe("21:51");
  });

  test("a time in the future (clock skew) reads as now, not negative", () => {
    expect(relativeTime(now + 60_000, now), "skew must not show -1m").toBe(
      "now",
    );
  });

  test("durations say how long a customer waits, in the two largest units", () => {
    expect(duration(45_000), "seconds").toBe("45 sec");
    expect(duration(12 * 60_000), "minutes").toBe("12 min");
    expect(duration(65 * 60_000), "hours and minutes").toBe("1 hr 5 min");
    expect(duration(120 * 60_000), "no '0 min' on the hour").toBe("2 hr");
    expect(duration(50 * 3_600_000), "days").toBe("2 days 2 hr");
  });

  test("times, durations and day names follow the chosen language", () => {
    setLanguage("pt-BR");
    expect(duration(65 * 60_000), "Portuguese units").toBe("1 h 5 min");
    expect(relativeTime(now - 10_000, now)).toBe("agora");
    expect(relativeTime(now - 30 * 3_600_000, now)).toBe("ontem");
    expect(dayLabel(now - 60_000, now), "capitalised, as a heading").toBe(
      "Hoje",
    );
    setLanguage("es");
    expect(dayLabel(now - 86_400_000, now)).toBe("Ayer");
    expect(duration(50 * 3_600_000)).toBe("2 d 2 h");
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
