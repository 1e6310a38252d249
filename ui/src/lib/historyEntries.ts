// The history's rows: each message with whether it opens a new day (a day
// separator above it). Built again whenever the messages change (a page of
// older ones prepended, a live one appended), so it must cost little and
// hand the virtual list the same row objects for the messages it already
// had: a row whose object is unchanged is not rendered again.

import type { Message } from "./bindings/Message";

export type Entry = { message: Message; newDay: boolean };

const DAY_MS = 86_400_000;

/** Each message's local calendar day, worked out once per message object. */
const days = new WeakMap<Message, number>();

/** The local calendar day of `message` (consecutive days differ by one). */
export function dayOf(message: Message): number {
  let day = days.get(message);
  if (day === undefined) {
    const at = new Date(message.created_at);
    day = Date.UTC(at.getFullYear(), at.getMonth(), at.getDate()) / DAY_MS;
    days.set(message, day);
  }
  return day;
}

/**
 * The rows of `messages` (oldest first). Rows of `previous` are kept where
 * their message and day flag are the same, so prepending a page changes
 * only the new rows and the one that was first.
 */
export function historyEntries(
  messages: readonly Message[],
  previous: readonly Entry[],
): Entry[] {
  const before = new Map<number, Entry>();
  for (const entry of previous) before.set(entry.message.id, entry);
  let lastDay = NaN;
  return messages.map((message) => {
    const day = dayOf(message);
    const newDay = day !== lastDay;
    lastDay = day;
    const old = before.get(message.id);
    return old !== undefined && old.message === message && old.newDay === newDay
      ? old
      : { message, newDay };
  });
}
