// What the Review screen derives from a review: the items in screen order
// (for j/k and the "reviewed" fold), the text copied for the Knowledge
// Base, and the labels of periods and durations.

import type { ItemPlace } from "./bindings/ItemPlace";
import type { QuestionGroup } from "./bindings/QuestionGroup";
import type { Review } from "./bindings/Review";
import type { ReviewRange } from "./bindings/ReviewRange";
import type { UnansweredQuestion } from "./bindings/UnansweredQuestion";
import { formatDate, t } from "./i18n.svelte";
import { duration } from "./time";

export type SectionId = "unanswered" | "topics" | "transfers" | "quiet_leads";

/** One line of the screen that Enter opens (and `e` marks, if it has a key). */
export type ReviewRow = {
  /** Unique on the screen. */
  id: string;
  section: SectionId;
  place: ItemPlace;
  /** For marking reviewed; null: informational (a topic's question). */
  key: string | null;
  reviewed: boolean;
};

/** Questions of a group shown before "Show N more". */
export const GROUP_PREVIEW = 3;

/**
 * A group's questions on screen: reviewed ones only if shown, and the
 * first few only unless the group is expanded (`expanded` holds its words).
 */
export function shownQuestions(
  group: QuestionGroup,
  showReviewed: boolean,
  expanded: readonly string[],
): UnansweredQuestion[] {
  const open = group.questions.filter((q) => showReviewed || !q.reviewed);
  return expanded.includes(group.words) ? open : open.slice(0, GROUP_PREVIEW);
}

/** The rows in the order the screen shows them; reviewed ones only if shown. */
export function reviewRows(
  review: Review,
  showReviewed: boolean,
  expanded: readonly string[] = [],
): ReviewRow[] {
  const rows: ReviewRow[] = [];
  const add = (row: ReviewRow) => {
    if (showReviewed || !row.reviewed) rows.push(row);
  };
  for (const group of review.unanswered.groups)
    for (const q of shownQuestions(group, showReviewed, expanded))
      add({
        id: q.key,
        section: "unanswered",
        place: q.place,
        key: q.key,
        reviewed: q.reviewed,
      });
  for (const topic of review.topics)
    topic.top_questions.forEach((q, i) =>
      add({
        id: `topic:${topic.id}:${i}`,
        section: "topics",
        place: q.place,
        key: null,
        reviewed: false,
      }),
    );
  for (const t of review.transfers.transfers)
    add({
      id: t.key,
      section: "transfers",
      place: t.place,
      key: t.key,
      reviewed: t.reviewed,
    });
  for (const lead of review.quiet_leads)
    add({
      id: lead.key,
      section: "quiet_leads",
      place: lead.place,
      key: lead.key,
      reviewed: lead.reviewed,
    });
  return rows;
}

/**
 * The grouped questions as plain text for the Knowledge Base: each group
 * once, with how often it was asked and its wordings, biggest first.
 */
export function knowledgeBaseText(groups: QuestionGroup[]): string {
  const blocks = groups.map((group) => {
    const wordings = [
      ...new Set(
        group.questions
          .map((q) => q.question?.trim())
          .filter((q): q is string => !!q),
      ),
    ];
    const head = t("review-kb-group", {
      question: wordings[0] ?? t("review-kb-not-downloaded"),
      count: group.questions.length,
    });
    const others = wordings.slice(1).map((w) => `  - ${w}`);
    return [head, ...others].join("\n");
  });
  return `${t("review-kb-title")}\n\n${blocks.join("\n\n")}\n`;
}

/** The period's name in sentences: "yesterday", "today", "the last 7 days". */
export function periodWords(range: ReviewRange): string {
  switch (range.kind) {
    case "yesterday":
      return t("review-period-yesterday");
    case "today":
      return t("review-period-today");
    case "last_days":
      return t("review-period-last-days", { days: range.days });
    case "days":
      return t("review-period-custom");
  }
}

/** "Tue, 12 Mar" or "Mon, 4 Mar – Sun, 10 Mar": the days a review covers. */
export function periodDates(period: { from: number; to: number }): string {
  const first = formatDate(period.from);
  const last = formatDate(period.to - 1);
  return first === last ? first : t("review-period-dates", { first, last });
}

/** A date input's value (YYYY-MM-DD) of a local day `daysAgo` before `now`. */
export function dateValue(now: number, daysAgo: number): string {
  const d = new Date(now);
  d.setDate(d.getDate() - daysAgo);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The custom range of two date inputs; null while one is not a date. */
export function customRange(first: string, last: string): ReviewRange | null {
  const parse = (v: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    return m ? { year: +m[1], month: +m[2], day: +m[3] } : null;
  };
  const a = parse(first);
  const b = parse(last);
  return a && b ? { kind: "days", first: a, last: b } : null;
}

/** A time to a human: "—" when nobody replied yet. */
export function span(ms: number | null): string {
  return ms === null ? "—" : duration(ms);
}
