import { afterEach, describe, expect, test, vi } from "vitest";
import {
  afterFirstPaint,
  firstPaintDone,
  firstPaintPending,
  markStartup,
  startupPhases,
} from "./startup";

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

describe("the start's phases", () => {
  afterEach(() => vi.restoreAllMocks());

  test("carry the engine's paints beside the page's own moments", () => {
    const entries: Record<string, unknown[]> = {
      paint: [
        { name: "first-paint", startTime: 31.5 },
        { name: "first-contentful-paint", startTime: 40 },
        { name: "something-else", startTime: 50 },
      ],
    };
    vi.spyOn(performance, "getEntriesByType").mockImplementation(
      (type: string) => (entries[type] ?? []) as PerformanceEntryList,
    );
    markStartup("script running");
    const phases = startupPhases();
    expect(phases).toContainEqual({ name: "first paint", at_ms: 31.5 });
    expect(phases).toContainEqual({
      name: "first contentful paint",
      at_ms: 40,
    });
    expect(phases.map((p) => p.name)).not.toContain("something-else");
    expect(phases.map((p) => p.name)).toContain("script running");
  });
});
