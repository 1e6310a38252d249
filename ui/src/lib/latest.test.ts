import { describe, expect, test } from "vitest";
import { LatestOnly } from "./latest";

/** An answer the test delivers when it chooses, as a slow backend would. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("latest answer wins", () => {
  test("a slow answer to an older question is dropped, the newest is kept", async () => {
    const latest = new LatestOnly();
    let shown = "nothing";
    async function ask(answer: Promise<string>) {
      const mine = latest.start();
      const text = await answer;
      if (!mine.stale) shown = text;
    }
    const slow = deferred<string>();
    const fast = deferred<string>();
    const first = ask(slow.promise);
    const second = ask(fast.promise);
    fast.resolve("newest");
    await second;
    slow.resolve("older");
    await first;
    expect(shown, "the older answer arrived last but must not win").toBe(
      "newest",
    );
  });

  test("an answer is kept while no newer question was asked", () => {
    const latest = new LatestOnly();
    const mine = latest.start();
    expect(mine.stale, "nothing replaced it").toBe(false);
    latest.start();
    expect(mine.stale, "a newer question replaced it").toBe(true);
  });

  test("joining the current question keeps it current, until the next one starts", () => {
    const latest = new LatestOnly();
    const first = latest.start();
    const nextPage = latest.join();
    expect(first.stale, "loading more does not replace the question").toBe(
      false,
    );
    expect(nextPage.stale, "the next page belongs to the question").toBe(false);
    latest.start();
    expect(
      nextPage.stale,
      "a page of the old question must not land in the new one",
    ).toBe(true);
  });

  test("two screens keep their own questions apart", () => {
    const list = new LatestOnly();
    const chat = new LatestOnly();
    const mine = list.start();
    chat.start();
    expect(mine.stale, "another screen's question does not replace it").toBe(
      false,
    );
  });
  test("news heard by itself makes the answers asked before it stale", () => {
    const status = new LatestOnly();
    const asked = status.join();
    status.heard();
    expect(asked.stale, "an event newer than the answer on its way").toBe(true);
    expect(status.join().stale, "a question asked after it is wanted").toBe(
      false,
    );
  });
});
