// How much of the whole history the cache holds, while the background
// download runs: the top bar shows it, and search results say when they may
// be incomplete. The workspace keeps it current; the rest only read it.

import type { HistoryProgress } from "./bindings/HistoryProgress";
import type { KeepHistory } from "./bindings/KeepHistory";
import { t } from "./i18n.svelte";

class History {
  progress = $state<HistoryProgress | null>(null);
  /** How long history is kept (the app setting): older messages are not. */
  keep = $state<KeepHistory>("all");

  /** Whether older messages are still arriving (unknown counts as not). */
  get arriving(): boolean {
    const p = this.progress;
    if (p === null || p.done) return false;
    // Before the first sync has counted anything, "0% — 0 of 0 messages"
    // would claim a download that has not begun: say nothing yet.
    return p.total === null ? p.cached > 0 : p.total > 0;
  }

  /** Whole percent downloaded, when the server counts messages. */
  get percent(): number | null {
    const p = this.progress;
    if (!p || p.total === null || p.total === 0) return null;
    return Math.min(99, Math.floor((p.cached / p.total) * 100));
  }
}

export const history = new History();

/** "History 43% — 410,000 of 950,000 messages" (or without a total). */
export function historyLabel(progress: HistoryProgress): string {
  if (progress.total === null)
    return t("app-history-so-far", { count: progress.cached });
  return t("app-history-progress", {
    percent: history.percent ?? 0,
    cached: progress.cached,
    total: progress.total,
  });
}

/** The hover text that says what the download is and why it matters. */
export function historyExplanation(): string {
  return t("app-history-explanation");
}

/** The period a "keep history for" setting names. */
export function keepHistoryLabel(keep: KeepHistory): string {
  const ids: Record<KeepHistory, string> = {
    all: "app-keep-history-all",
    year: "app-keep-history-year",
    days90: "app-keep-history-days90",
  };
  return t(ids[keep]);
}

/** Where a conversation's history ends at the cut-off of history kept. */
export function notKeptText(keep: KeepHistory): string {
  return keep === "all"
    ? t("app-history-not-kept")
    : t("app-history-not-kept-for", { period: keepHistoryLabel(keep) });
}

/** What search covers when history is kept for a period only; null: all. */
export function searchRangeText(keep: KeepHistory): string | null {
  return keep === "all" ? null : t("app-search-range", { keep });
}
