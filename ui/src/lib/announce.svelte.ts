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

/** Says `text` politely (after what the screen reader is saying now). */
export function announce(text: string) {
  announcement.text = "";
  setTimeout(() => (announcement.text = text), GAP_MS);
}
