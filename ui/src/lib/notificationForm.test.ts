import { afterEach, describe, expect, test } from "vitest";
import { setLanguage } from "./i18n.svelte";
import {
  fromForm,
  minutesToTime,
  timeToMinutes,
  toForm,
} from "./notificationForm";

/** The alert settings as NotificationSettings::default has them. */
const ALERTS = {
  enabled: true,
  transfers: true,
  escalations: true,
  escalation_minutes: 5,
  daily_review: true,
  daily_review_minute: 540,
};

describe("notification form", () => {
  afterEach(() => setLanguage("en"));

  test("times of day and minutes after midnight convert both ways", () => {
    for (const [time, minutes] of [
      ["00:00", 0],
      ["07:05", 425],
      ["22:00", 1320],
      ["23:59", 1439],
    ] as const) {
      expect(timeToMinutes(time), time).toBe(minutes);
      expect(minutesToTime(minutes), String(minutes)).toBe(time);
    }
    expect(timeToMinutes("7:30"), "one-digit hour").toBe(450);
    expect(timeToMinutes("22:00:00"), "seconds from a time field").toBe(1320);
    for (const bad of ["", "24:00", "12:60", "noon", "1230"])
      expect(timeToMinutes(bad), JSON.stringify(bad)).toBeNull();
  });

  test("stored settings round-trip through the form", () => {
    const stored = {
      enabled: true,
      transfers: false,
      escalations: true,
      escalation_minutes: 12,
      sound: false,
      quiet_hours: { start_minute: 1320, end_minute: 420 },
      reminder_minutes: 15,
      daily_review: false,
      daily_review_minute: 8 * 60 + 45,
    };
    expect(fromForm(toForm(stored))).toEqual({ settings: stored });
  });

  test("unticked boxes store no quiet hours and no reminders, and offer defaults", () => {
    const form = toForm({
      ...ALERTS,
      sound: true,
      quiet_hours: null,
      reminder_minutes: 0,
    });
    expect(form).toMatchObject({
      quiet: false,
      quietStart: "22:00",
      quietEnd: "07:00",
      remind: false,
      reminderMinutes: 5,
    });
    expect(fromForm(form)).toEqual({
      settings: {
        ...ALERTS,
        sound: true,
        quiet_hours: null,
        reminder_minutes: 0,
      },
    });
  });

  test("what the shell would refuse, or would never fire, is an error in words", () => {
    const base = toForm({
      ...ALERTS,
      sound: true,
      quiet_hours: null,
      reminder_minutes: 5,
    });
    const cases = [
      [{ quiet: true, quietStart: "08:00", quietEnd: "08:00" }, /different/],
      [{ quiet: true, quietStart: "" }, /start and an end/],
      [{ reminderMinutes: 0 }, /from 1 to 1440/],
      [{ reminderMinutes: 1441 }, /from 1 to 1440/],
      [{ reminderMinutes: 2.5 }, /whole number/],
      [{ reminderMinutes: null }, /whole number/],
      [{ reminderMinutes: "" }, /whole number/],
      [{ escalationMinutes: 0 }, /Escalations need .* from 1 to 1440/],
      [{ escalationMinutes: "" }, /Escalations need a whole number/],
      [{ escalationMinutes: 1441 }, /Escalations need .* from 1 to 1440/],
      [{ daily: true, dailyAt: "" }, /daily review reminder needs a time/],
      [{ daily: true, dailyAt: "25:00" }, /daily review reminder needs a time/],
    ] as const;
    for (const [change, message] of cases) {
      const result = fromForm({ ...base, ...change });
      expect("error" in result, JSON.stringify(change)).toBe(true);
      if ("error" in result) expect(result.error).toMatch(message);
    }
  });

  test("the form's errors are in the user's language", () => {
    setLanguage("es");
    const form = toForm({
      ...ALERTS,
      sound: true,
      quiet_hours: null,
      reminder_minutes: 5,
    });
    expect(
      fromForm({ ...form, reminderMinutes: 0 }),
      "a Spanish sentence, with the day's minutes ungrouped",
    ).toEqual({
      error:
        "Los recordatorios necesitan un número entero de minutos, de 1 a 1440.",
    });
  });

  test("a greyed-out escalation field cannot make the form wrong", () => {
    const form = {
      ...toForm({
        ...ALERTS,
        sound: true,
        quiet_hours: null,
        reminder_minutes: 5,
      }),
      escalations: false,
      escalationMinutes: "",
    };
    expect(fromForm(form)).toEqual({
      settings: {
        ...ALERTS,
        escalations: false,
        sound: true,
        quiet_hours: null,
        reminder_minutes: 5,
      },
    });
  });

  test("the daily reminder's time is a time of day, and a greyed-out one cannot make the form wrong", () => {
    const base = toForm({
      ...ALERTS,
      sound: true,
      quiet_hours: null,
      reminder_minutes: 5,
    });
    expect(base, "on at 09:00 by default").toMatchObject({
      daily: true,
      dailyAt: "09:00",
    });
    const moved = fromForm({ ...base, dailyAt: "07:30" });
    expect(moved).toMatchObject({
      settings: { daily_review: true, daily_review_minute: 450 },
    });
    const off = fromForm({ ...base, daily: false, dailyAt: "" });
    expect(off, "off, the empty time is not an error").toMatchObject({
      settings: { daily_review: false, daily_review_minute: 540 },
    });
  });
});
