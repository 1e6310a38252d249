// The state the shell writes into the document as it serves it (see the
// shell's `boot.rs`): the page builds its first screen with it instead of
// asking and waiting. It is a snapshot: the page still asks, and what it
// hears later wins.

import type { Boot } from "./bindings/Boot";

/** The id of the document's data block. */
export const BOOT_ELEMENT_ID = "boot";

/**
 * The state the document was served with, taken out of it (read once);
 * null when the shell wrote none (the session was not resumed yet, or a
 * page not served by the shell) or it cannot be read.
 */
export function takeBoot(doc: Document = document): Boot | null {
  const block = doc.getElementById(BOOT_ELEMENT_ID);
  if (!block) return null;
  block.remove();
  try {
    const boot = JSON.parse(block.textContent ?? "") as Boot;
    const looksRight =
      typeof boot?.session?.type === "string" &&
      typeof boot.status?.kind === "string" &&
      typeof boot.language === "string";
    return looksRight ? boot : null;
  } catch (e) {
    console.error("the document's start state is unreadable", e);
    return null;
  }
}
