import { describe, expect, test } from "vitest";
import { message, NOW } from "../test/fixtures";
import { historyEntries } from "./historyEntries";

const HOUR = 3_600_000;

function at(created_at: number) {
  return message(1, "customer", "hello", { created_at });
}

describe("the history's rows", () => {
  test("a row opens a day where the day changes, and the first row always does", () => {
    const rows = historyEntries(
      [at(NOW - 30 * HOUR), at(NOW - 29 * HOUR), at(NOW - HOUR), at(NOW)],
      [],
    );
    expect(
      rows.map((r) => r.newDay),
      "a separator above the first message of each day only",
    ).toEqual([true, false, true, false]);
  });

  test("prepending a page keeps the rows already shown, except the one no longer first of its day", () => {
    const today = [at(NOW - 2 * HOUR), at(NOW - HOUR), at(NOW)];
    const shown = historyEntries(today, []);
    const older = [at(NOW - 3 * HOUR), at(NOW - 50 * HOUR)].reverse();
    const rows = historyEntries([...older, ...today], shown);
    expect(
      rows.slice(3),
      "the same row objects: the virtual list renders none of them again",
    ).toEqual(shown.slice(1));
    for (const [i, row] of rows.slice(3).entries())
      expect(row, "kept by identity, not rebuilt").toBe(shown[i + 1]);
    expect(
      rows[2].newDay,
      "the formerly first message now follows one of the same day: no separator",
    ).toBe(false);
    expect(rows[2], "so its row is a new one").not.toBe(shown[0]);
  });

  test("a message replaced by a newer copy gets a new row", () => {
    const first = at(NOW);
    const shown = historyEntries([first], []);
    const copy = { ...first, text: "edited" };
    expect(
      historyEntries([copy], shown)[0].message,
      "the row shows the newer copy",
    ).toBe(copy);
  });
});
