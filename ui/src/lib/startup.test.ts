import { describe, expect, test } from "vitest";
import { afterFirstPaint, firstPaintDone, firstPaintPending } from "./startup";

describe("work after the first paint", () => {
  test("waits for the paint, in order, unless dropped; runs at once after it", () => {
    firstPaintPending();
    const ran: string[] = [];
    afterFirstPaint(() => ran.push("a"));
    const drop = afterFirstPaint(() => ran.push("dropped"));
    afterFirstPaint(() => ran.push("b"));
    drop();
    expect(ran, "nothing before the paint").toEqual([]);
    firstPaintDone();
    expect(ran).toEqual(["a", "b"]);
    afterFirstPaint(() => ran.push("c"));
    expect(ran, "once painted, at once").toEqual(["a", "b", "c"]);
  });
});
