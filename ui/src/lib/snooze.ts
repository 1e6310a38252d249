// A conversation a person put off until later (Chatwoot's "snoozed"), as
// the row and the conversation header say it.

import type { Snooze } from "./bindings/Snooze";
import { t } from "./i18n.svelte";
import { clockTime, fullTime, sameDay } from "./time";

/** "Snoozed until 14:00" (today), "Snoozed until Tue 12 Mar, 14:05", or "Snoozed" (until the customer writes). */
export function snoozeText(snooze: Snooze, now: number): string {
  if (snooze.until === null) return t("conv-snoozed");
  const time = sameDay(snooze.until, now)
    ? clockTime(snooze.until)
    : fullTime(snooze.until);
  return t("conv-snoozed-until", { time });
}

/** What the badge means, for its tooltip. */
export function snoozeTitle(snooze: Snooze): string {
  return snooze.until === null
    ? t("conv-snoozed-next-reply-title")
    : t("conv-snoozed-title");
}
