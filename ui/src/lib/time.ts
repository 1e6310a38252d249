// Human-readable times, in the current language (through Intl, see
// i18n.svelte.ts). Everything takes `now` as a parameter so the ticking
// clock (clock.svelte.ts) and tests decide what "now" is.

import {
  formatDateTime,
  formatDayMonth,
  formatDaysAgo,
  formatDuration,
  formatNow,
  formatRelativeDay,
  formatShortAge,
  formatTime,
  formatWeekday,
} from "./i18n.svelte";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "now", "5m", "3h", "yesterday", "Mon", "12 Mar": compact, for list rows. */
export function relativeTime(at: number, now: number): string {
  const ago = Math.max(0, now - at);
  if (ago < MINUTE) return formatNow();
  if (ago < DAY) return formatShortAge(ago);
  if (ago < 2 * DAY) return formatDaysAgo(1);
  if (ago < 7 * DAY) return formatWeekday(at);
  return formatDayMonth(at);
}

/** "45 sec", "12 min", "2 hr 5 min", "3 days 4 hr": how long something has lasted. */
export function duration(ms: number): string {
  return formatDuration(ms);
}

/** "14:05", for message and event times. */
export function clockTime(at: number): string {
  return formatTime(at);
}

/** "Tue 12 Mar, 14:05": full timestamp for tooltips and day separators. */
export function fullTime(at: number): string {
  return formatDateTime(at);
}

/** Whether two times fall on the same local calendar day. */
export function sameDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

/** "Today", "Yesterday" or "Mon, 12 Mar": the day separators of a history. */
export function dayLabel(at: number, now: number): string {
  return formatRelativeDay(at, now);
}
