import { afterEach, describe, expect, test, vi } from "vitest";
import { NOW } from "../test/fixtures";
import { clock } from "./clock.svelte";

describe("clock", () => {
  afterEach(() => {
    // Back to the suite's default: only Date is fake.
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
  });

  test("ticks while used and stops when the last user leaves", () => {
    vi.useFakeTimers({
      toFake: ["Date", "setInterval", "clearInterval"],
      now: NOW,
    });
    const stop = clock.use();
    expect(clock.now, "starts at the current time").toBe(NOW);
    vi.advanceTimersByTime(15_000);
    expect(clock.now, "moves on by itself").toBe(NOW + 15_000);
    stop();
    vi.advanceTimersByTime(60_000);
    expect(clock.now, "no timer left running after the last user").toBe(
      NOW + 15_000,
    );
  });
});
