// List rows are one line high: a snippet whose match sits far into the text
// would show only its start and hide the match behind the ellipsis. Keep a
// little context before the first highlighted span and cut the rest.
import type { TextSpan } from "./bindings/TextSpan";

export function trimSnippet(spans: TextSpan[], lead = 16): TextSpan[] {
  const first = spans.findIndex((s) => s.highlighted);
  if (first < 0) return spans;
  const before = spans
    .slice(0, first)
    .map((s) => s.text)
    .join("");
  if (before.length <= lead) return spans;
  const kept = before.slice(before.length - lead).replace(/^\S*\s/, "");
  return [{ text: `…${kept}`, highlighted: false }, ...spans.slice(first)];
}
