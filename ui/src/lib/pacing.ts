// How often a screen re-reads after live changes. Sync events come in
// bursts (a page of conversations lands as many events): a screen must not
// query once per event, and must not fall behind a busy stream either.

/** A paced call: ask for it as often as you like, it runs when its pace allows. */
export type Paced = {
  /** Asks for a run. */
  call(): void;
  /** Drops what was asked for and not started yet (the screen is going away). */
  cancel(): void;
};

/**
 * Runs `run` once things are quiet: `ms` after the last `call` of a burst.
 * Fits what only the final state matters for (what was typed, a count).
 */
export function debounce(run: () => void, ms: number): Paced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    call() {
      clearTimeout(timer);
      timer = setTimeout(run, ms);
    },
    cancel() {
      clearTimeout(timer);
    },
  };
}

/**
 * Runs `run` at most once in flight and at most once every `gap` ms, waiting
 * at least `settle` ms after the first `call` so that the rest of its burst
 * joins it. A `call` while a run waits or is in flight asks for one more run
 * after it (the trailing run), so the last change is always read. `gap` may
 * be a function, read at each call: a screen can slow down while what it
 * shows changes too fast to be read anyway.
 */
export function throttle(
  run: () => Promise<unknown>,
  { settle, gap }: { settle: number; gap: number | (() => number) },
): Paced {
  const gapNow = typeof gap === "number" ? () => gap : gap;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let lastStart = -Infinity;

  function call() {
    if (running || timer !== undefined) {
      again = true;
      return;
    }
    const wait = Math.max(settle, lastStart + gapNow() - performance.now());
    timer = setTimeout(fire, wait);
  }

  async function fire() {
    timer = undefined;
    again = false;
    running = true;
    lastStart = performance.now();
    try {
      await run();
    } finally {
      running = false;
      if (again) call();
    }
  }

  return {
    call,
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      again = false;
    },
  };
}
