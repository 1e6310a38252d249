// Human-readable times. Everything takes `now` as a parameter so the ticking
// clock (clock.svelte.ts) and tests decide what "now" is.

/**
 * One formatter per style, made once: `toLocaleDateString(…, options)`
 * builds a new one on every call, which cost a visible part of the first
 * frame with a list full of rows.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatted(
  at: number | Date,
  style: string,
  options: Intl.DateTimeFormatOptions,
): string {
  let formatter = formatters.get(style);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(undefined, options);
    formatters.set(style, formatter);
  }
  return formatter.format(at);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "now", "5m", "3h", "yesterday", "Mon", "12 Mar": compact, for list rows. */
export function relativeTime(at: number, now: number): string {
  const ago = Math.max(0, now - at);
  if (ago < MINUTE) return "now";
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)}m`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)}h`;
  if (ago < 2 * DAY) return "yesterday";
  if (ago < 7 * DAY) return formatted(at, "weekday", { weekday: "short" });
  return formatted(at, "day", { day: "numeric", month: "short" });
}

/** "45s", "12m", "2h 05m", "3d 4h": how long something has lasted. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** "14:05", for message and event times. */
export function clockTime(at: number): string {
  return formatted(at, "clock", { hour: "2-digit", minute: "2-digit" });
}

/** "Tue 12 Mar, 14:05": full timestamp for tooltips and day separators. */
export function fullTime(at: number): string {
  return formatted(at, "full", {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });
}

/** Whether two times fall on the same local calendar day. */
export function sameDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

/** "Today", "Yesterday" or "Mon, 12 Mar": the day separators of a history. */
export function dayLabel(at: number, now: number): string {
  if (sameDay(at, now)) return "Today";
  if (sameDay(at, now - 86_400_000)) return "Yesterday";
  return formatted(at, "weekday day", {
    weekday: "short",
    day: "numeric",
    month: "short",
  });
}
