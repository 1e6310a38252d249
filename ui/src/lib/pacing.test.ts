import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { NOW } from "../test/fixtures";
import { debounce, throttle } from "./pacing";

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ["Date", "setTimeout", "clearTimeout", "performance"],
    now: NOW,
  });
});

afterEach(() => {
  // Back to the suite's default: only Date is fake.
  vi.useFakeTimers({ toFake: ["Date"], now: NOW });
});

/** A run that takes `ms` to answer, counting how often it started. */
function slowRun(ms: number) {
  return vi.fn(() => new Promise<void>((r) => setTimeout(r, ms)));
}

describe("throttle", () => {
  test("a burst of calls is coalesced into one run after it settles", async () => {
    const run = slowRun(5);
    const paced = throttle(run, { settle: 16, gap: 100 });
    for (let i = 0; i < 10; i++) paced.call();
    await vi.advanceTimersByTimeAsync(15);
    expect(run, "it waits for the rest of the burst").not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run, "ten calls in one burst, one run").toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(run, "nothing asked since: no trailing run").toHaveBeenCalledTimes(
      1,
    );
  });

  test("a call during a run is not lost: one trailing run follows", async () => {
    const run = slowRun(50);
    const paced = throttle(run, { settle: 16, gap: 100 });
    paced.call();
    await vi.advanceTimersByTimeAsync(20);
    expect(run, "the first run started").toHaveBeenCalledTimes(1);
    paced.call();
    paced.call();
    await vi.advanceTimersByTimeAsync(20);
    expect(run, "never two runs in flight").toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(
      run,
      "the change seen during the run is read by one more run",
    ).toHaveBeenCalledTimes(2);
  });

  test("runs are at least the gap apart, and a busy stream is still followed", async () => {
    const started: number[] = [];
    const run = vi.fn(async () => {
      started.push(performance.now());
    });
    const paced = throttle(run, { settle: 16, gap: 100 });
    // A call every 10 ms for one second.
    for (let i = 0; i < 100; i++) {
      paced.call();
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(200);
    const gaps = started.slice(1).map((t, i) => t - started[i]);
    expect(Math.min(...gaps), "never faster than the gap").toBeGreaterThan(99);
    expect(
      started.length,
      "keeps up while the stream lasts (about every 100 ms)",
    ).toBeGreaterThanOrEqual(9);
    expect(started.length, "never a run per call").toBeLessThanOrEqual(12);
  });

  test("cancel drops a waiting run and the trailing one", async () => {
    const run = slowRun(50);
    const paced = throttle(run, { settle: 16, gap: 100 });
    paced.call();
    paced.cancel();
    await vi.advanceTimersByTimeAsync(100);
    expect(run, "the waiting run never starts").not.toHaveBeenCalled();

    paced.call();
    await vi.advanceTimersByTimeAsync(20);
    paced.call();
    paced.cancel();
    await vi.advanceTimersByTimeAsync(500);
    expect(
      run,
      "the run in flight finishes, nothing follows it",
    ).toHaveBeenCalledTimes(1);
  });
});

describe("debounce", () => {
  test("runs once, after the last call of a burst", async () => {
    const run = vi.fn();
    const paced = debounce(run, 120);
    paced.call();
    await vi.advanceTimersByTimeAsync(100);
    paced.call();
    await vi.advanceTimersByTimeAsync(100);
    expect(run, "still typing: not yet").not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20);
    expect(run, "quiet for 120 ms: once").toHaveBeenCalledTimes(1);
  });

  test("cancel drops the waiting run, and later calls still work", async () => {
    const run = vi.fn();
    const paced = debounce(run, 120);
    paced.call();
    paced.cancel();
    await vi.advanceTimersByTimeAsync(500);
    expect(run, "cancelled before it ran").not.toHaveBeenCalled();
    paced.call();
    await vi.advanceTimersByTimeAsync(120);
    expect(run, "a later call runs again").toHaveBeenCalledTimes(1);
  });
});
