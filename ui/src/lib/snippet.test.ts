import { describe, expect, test } from "vitest";
import { trimSnippet } from "./snippet";

describe("trimSnippet", () => {
  test("a match far into the text keeps a little context before it", () => {
    const spans = [
      { text: "Transferred to a human because of a ", highlighted: false },
      { text: "refund", highlighted: true },
      { text: " request", highlighted: false },
    ];
    expect(
      trimSnippet(spans),
      "the match must be visible in a one-line row",
    ).toEqual([
      { text: "…because of a ", highlighted: false },
      { text: "refund", highlighted: true },
      { text: " request", highlighted: false },
    ]);
  });

  test("a match near the start is left alone", () => {
    const spans = [
      { text: "My ", highlighted: false },
      { text: "refund", highlighted: true },
    ];
    expect(trimSnippet(spans), "nothing to gain by cutting").toBe(spans);
  });

  test("spans without a highlight are left alone", () => {
    const spans = [
      {
        text: "a long text without any match in it at all",
        highlighted: false,
      },
    ];
    expect(trimSnippet(spans), "no match, no cut").toBe(spans);
  });
});
