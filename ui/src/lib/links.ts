// Splits untrusted message text into plain text and https links, so links can
// be rendered as buttons that ask the Rust side to open the system browser.
// Only https is recognised: the `open_external` command refuses anything else.

export type TextPart =
  { kind: "text"; text: string } | { kind: "link"; text: string };

const URL_PATTERN = /https:\/\/[^\s<>"'`]+/g;
// Punctuation that usually ends a sentence rather than the URL.
const TRAILING = /[.,;:!?)\]}]+$/;

export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    const url = match[0].replace(TRAILING, "");
    if (url.length <= "https://".length) continue;
    if (start > last)
      parts.push({ kind: "text", text: text.slice(last, start) });
    parts.push({ kind: "link", text: url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}
