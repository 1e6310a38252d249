import { describe, expect, test } from "vitest";
import { splitLinks } from "./links";

describe("splitLinks", () => {
  test("finds https links and leaves sentence punctuation outside", () => {
    expect(
      splitLinks("Track it at https://t.example.com/48?a=1. Thanks"),
      "the period ends the sentence",
    ).toEqual([
      { kind: "text", text: "Track it at " },
      { kind: "link", text: "https://t.example.com/48?a=1" },
      { kind: "text", text: ". Thanks" },
    ]);
  });

  test("plain http and javascript: URLs stay text", () => {
    const parts = splitLinks("see http://x.example and javascript:alert(1)");
    expect(
      parts.every((p) => p.kind === "text"),
      "only https may be opened",
    ).toBe(true);
  });

  test("markup around a URL is not part of it", () => {
    const parts = splitLinks('<a href="https://evil.example">x</a>');
    expect(
      parts.find((p) => p.kind === "link")?.text,
      "quotes and brackets end a URL",
    ).toBe("https://evil.example");
  });
});
