// The first page of the list, asked for as the script starts: it is read
// from the local cache and needs nothing else, so it need not wait for the
// session, the screen's mount and the first frame before it is requested.
// ConversationList takes it for its first load, if it is the page it needs.

import * as api from "./api";
import type { ConversationPage } from "./bindings/ConversationPage";
import type { FilterCounts } from "./bindings/FilterCounts";
import type { FirstList } from "./bindings/FirstList";
import type { ListQuery } from "./bindings/ListQuery";

type Prefetched = {
  query: ListQuery;
  answer: Promise<[ConversationPage, FilterCounts]>;
};

/** Rows per page of the list. */
export const LIST_PAGE = 100;

let pending: Prefetched | null = null;

/**
 * Starts reading the newest conversations (call once, at start), unless
 * the document came with them (`served`, lib/boot.ts): those are used.
 */
export function prefetchFirstList(
  served: FirstList | null = null,
  limit = LIST_PAGE,
) {
  if (served) {
    pending = {
      query: served.query,
      answer: Promise.resolve([served.page, served.counts]),
    };
    return;
  }
  const query: ListQuery = {
    filter: "all",
    selected: null,
    after: null,
    limit,
  };
  const answer = Promise.all([
    api.listConversations(query),
    api.filterCounts(),
  ]);
  // Unused (signed out) or failed: the list asks again and shows its error.
  answer.catch(() => {});
  pending = { query, answer };
}

/** The prefetched answer if it is for `query`; only ever handed out once. */
export function takeFirstList(
  query: ListQuery,
): Promise<[ConversationPage, FilterCounts]> | null {
  const first = pending;
  pending = null;
  if (
    !first ||
    first.query.filter !== query.filter ||
    first.query.selected !== query.selected ||
    first.query.after !== query.after ||
    first.query.limit !== query.limit
  )
    return null;
  return first.answer;
}
