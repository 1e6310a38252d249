// The notification settings as the dialog edits them, and the conversions
// to and from what the shell stores (src-tauri/src/notifications/policy.rs):
// quiet hours are minutes after local midnight there, "HH:MM" in a time
// field here; "no reminders" is 0 minutes there, an unticked box here.
// Escalations (managers only) have their own box and their own minutes,
// which an agent's form carries through unchanged. The daily review
// reminder is a box and a time of day ("HH:MM" here, minutes there).

import type { NotificationSettings } from "./bindings/NotificationSettings";
import { t } from "./i18n.svelte";

export type NotificationForm = {
  enabled: boolean;
  transfers: boolean;
  escalations: boolean;
  /** As the number field holds it: empty (null) while being retyped. */
  escalationMinutes: number | string | null;
  sound: boolean;
  quiet: boolean;
  quietStart: string;
  quietEnd: string;
  remind: boolean;
  /** As the number field holds it: empty (null) while being retyped. */
  reminderMinutes: number | string | null;
  /** The daily review reminder, and its time of day. */
  daily: boolean;
  dailyAt: string;
};

const DAY_MINUTES = 24 * 60;
/** What the boxes offer when the stored settings leave them unticked. */
const DEFAULT_QUIET = { start: "22:00", end: "07:00" };
const DEFAULT_REMINDER_MINUTES = 5;
/** NotificationSettings::default's escalation delay. */
const DEFAULT_ESCALATION_MINUTES = 5;
/** NotificationSettings::default's daily reminder time: 09:00. */
const DEFAULT_DAILY_MINUTE = 9 * 60;

/** 1290 → "21:30". */
export function minutesToTime(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** "21:30" → 1290; anything that is not a time of day → null. */
export function timeToMinutes(time: string): number | null {
  const match = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(time.trim());
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

export function toForm(settings: NotificationSettings): NotificationForm {
  const quiet = settings.quiet_hours;
  return {
    enabled: settings.enabled,
    transfers: settings.transfers,
    escalations: settings.escalations,
    escalationMinutes: settings.escalation_minutes,
    sound: settings.sound,
    quiet: quiet !== null,
    quietStart: quiet ? minutesToTime(quiet.start_minute) : DEFAULT_QUIET.start,
    quietEnd: quiet ? minutesToTime(quiet.end_minute) : DEFAULT_QUIET.end,
    remind: settings.reminder_minutes > 0,
    reminderMinutes:
      settings.reminder_minutes > 0
        ? settings.reminder_minutes
        : DEFAULT_REMINDER_MINUTES,
    daily: settings.daily_review,
    dailyAt: minutesToTime(settings.daily_review_minute),
  };
}

/** The settings to store, or what is wrong with the form, in words. */
export function fromForm(
  form: NotificationForm,
): { settings: NotificationSettings } | { error: string } {
  let quiet_hours = null;
  if (form.quiet) {
    const start = timeToMinutes(form.quietStart);
    const end = timeToMinutes(form.quietEnd);
    if (start === null || end === null)
      return { error: t("app-settings-quiet-incomplete") };
    if (start === end) return { error: t("app-settings-quiet-same") };
    quiet_hours = { start_minute: start, end_minute: end };
  }
  let reminder_minutes = 0;
  if (form.remind) {
    const minutes = wholeMinutes(form.reminderMinutes);
    if (minutes === null)
      return {
        error: t("app-settings-remind-invalid", { max: String(DAY_MINUTES) }),
      };
    reminder_minutes = minutes;
  }
  // An unticked box's field is greyed out: what it holds cannot be wrong.
  const escalation_minutes =
    wholeMinutes(form.escalationMinutes) ??
    (form.escalations ? null : DEFAULT_ESCALATION_MINUTES);
  if (escalation_minutes === null)
    return {
      error: t("app-settings-escalate-invalid", { max: String(DAY_MINUTES) }),
    };
  const daily_review_minute =
    timeToMinutes(form.dailyAt) ?? (form.daily ? null : DEFAULT_DAILY_MINUTE);
  if (daily_review_minute === null)
    return { error: t("app-settings-daily-invalid") };
  return {
    settings: {
      enabled: form.enabled,
      transfers: form.transfers,
      escalations: form.escalations,
      escalation_minutes,
      sound: form.sound,
      quiet_hours,
      reminder_minutes,
      daily_review: form.daily,
      daily_review_minute,
    },
  };
}

/** What a minutes field holds, if it is a whole number from 1 to a day. */
function wholeMinutes(field: number | string | null): number | null {
  const minutes = Number(field);
  if (
    String(field ?? "").trim() === "" ||
    !Number.isInteger(minutes) ||
    minutes < 1 ||
    minutes > DAY_MINUTES
  )
    return null;
  return minutes;
}
