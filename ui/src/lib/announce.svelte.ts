// What a screen reader hears of live updates: one polite live region,
// rendered once by the workspace, says when a customer starts waiting for a
// human and when a reply reached the customer. Previews and re-sorts of the
// list are not announced: on a busy queue they would drown everything else.

class Announcement {
  text = $state("");
}

export const announcement = new Announcement();

/** How long the region stays empty so that a repeated message is heard again. */
const GAP_MS = 50;
/**
 * How long a message stays before the next replaces it: a transfer arriving
 * just after "Reply sent" must not swallow it before it is spoken.
 */
export const HOLD_MS = 2000;

type Queued = { text: string; kind: string };
const queue: Queued[] = [];
let speaking = false;

/**
 * Says `text` politely (after what the screen reader is saying now). A
 * message waiting its turn is replaced by a newer one of the same `kind`
 * ("3 waiting" then "4 waiting" says only the latest), so a busy queue does
 * not make the region lag behind.
 */
export function announce(text: string, kind: string = text) {
  const waiting = queue.findIndex((q) => q.kind === kind);
  if (waiting >= 0) queue.splice(waiting, 1, { text, kind });
  else queue.push({ text, kind });
  if (!speaking) sayNext();
}

function sayNext() {
  const next = queue.shift();
  if (next === undefined) {
    speaking = false;
    return;
  }
  speaking = true;
  announcement.text = "";
  setTimeout(() => {
    announcement.text = next.text;
    setTimeout(sayNext, HOLD_MS);
  }, GAP_MS);
}
