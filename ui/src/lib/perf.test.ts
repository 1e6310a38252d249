import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { actionStarted, resultSet, timed } from "./perf";

/** Frames run when the test says so, as a compositor would. */
let frames: FrameRequestCallback[] = [];
function nextFrame() {
  const due = frames;
  frames = [];
  due.forEach((run) => run(performance.now()));
}

function measures(name: string) {
  return performance.getEntriesByName(name, "measure") as PerformanceMeasure[];
}

beforeEach(() => {
  frames = [];
  performance.clearMeasures();
  vi.stubGlobal("requestAnimationFrame", (run: FrameRequestCallback) => {
    frames.push(run);
    return frames.length;
  });
});
afterEach(() => vi.unstubAllGlobals());

describe("action → painted measures", () => {
  test("an action is measured two frames after its result is set, with its split", async () => {
    actionStarted("search");
    const answer = await timed("search", async () => "rows");
    expect(answer, "the command's answer is passed through").toBe("rows");
    resultSet("search");
    nextFrame();
    expect(
      measures("search"),
      "one frame after the result is set it is not painted yet",
    ).toHaveLength(0);
    nextFrame();
    const [measure] = measures("search");
    expect(measure, "painted two frames later: measured").toBeDefined();
    const { wait, ipc, render } = measure.detail;
    expect(
      wait + ipc + render,
      "the split adds up to the whole action",
    ).toBeCloseTo(measure.duration, 5);
    const { update, paint } = measure.detail;
    expect(
      update + paint,
      "the render splits into the page's own update and the painting after it",
    ).toBeCloseTo(render, 5);
  });

  test("a new keystroke replaces the one in progress: only the newest is measured", async () => {
    actionStarted("search");
    const older = performance.now();
    await new Promise((r) => setTimeout(r, 5));
    actionStarted("search");
    resultSet("search");
    nextFrame();
    nextFrame();
    const all = measures("search");
    expect(all, "one measure for the two keystrokes").toHaveLength(1);
    expect(
      all[0].startTime,
      "measured from the newest keystroke, not the first",
    ).toBeGreaterThan(older);
  });

  test("a result nobody asked for (a live refresh) is not measured", () => {
    resultSet("filter");
    nextFrame();
    nextFrame();
    expect(
      measures("filter"),
      "no action was started: nothing to measure",
    ).toHaveLength(0);
  });
});
