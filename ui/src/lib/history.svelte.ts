// How much of the whole history the cache holds, while the background
// download runs: the top bar shows it, and search results say when they may
// be incomplete. The workspace keeps it current; the rest only read it.

import type { HistoryProgress } from "./bindings/HistoryProgress";
import type { KeepHistory } from "./bindings/KeepHistory";

class History {
  progress = $state<HistoryProgress | null>(null);
  /** How long history is kept (the app setting): older messages are not. */
  keep = $state<KeepHistory>("all");

  /** Whether older messages are still arriving (unknown counts as not). */
  get arriving(): boolean {
    return this.progress !== null && !this.progress.done;
  }

  /** Whole percent downloaded, when the server counts messages. */
  get percent(): number | null {
    const p = this.progress;
    if (!p || p.total === null || p.total === 0) return null;
    return Math.min(99, Math.floor((p.cached / p.total) * 100));
  }
}

export const history = new History();

const count = new Intl.NumberFormat();

/** "History 43% — 410,000 of 950,000 messages" (or without a total). */
export function historyLabel(progress: HistoryProgress): string {
  if (progress.total === null)
    return `History: ${count.format(progress.cached)} messages so far`;
  const percent = history.percent ?? 0;
  return `History ${percent}% — ${count.format(progress.cached)} of ${count.format(progress.total)} messages`;
}

/** The hover text that says what the download is and why it matters. */
export const HISTORY_EXPLANATION =
  "Switchboard is downloading older messages in the background, so that " +
  "search and the review cover every conversation's whole history. You can " +
  "keep working; live conversations come first.";

/** The period a "keep history for" setting names. */
export const KEEP_HISTORY_LABELS: Record<KeepHistory, string> = {
  all: "all",
  year: "1 year",
  days90: "90 days",
};

/** Where a conversation's history ends at the cut-off of history kept. */
export function notKeptText(keep: KeepHistory): string {
  return keep === "all"
    ? "Older messages are not kept"
    : `Older messages are not kept (history: ${KEEP_HISTORY_LABELS[keep]})`;
}

/** What search covers when history is kept for a period only; null: all. */
export function searchRangeText(keep: KeepHistory): string | null {
  return keep === "all"
    ? null
    : `Results cover the last ${KEEP_HISTORY_LABELS[keep]}: older messages are not kept.`;
}
