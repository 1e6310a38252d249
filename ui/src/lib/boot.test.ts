import { afterEach, describe, expect, test } from "vitest";
import { takeBoot } from "./boot";

function serve(json: string) {
  const block = document.createElement("script");
  block.type = "application/json";
  block.id = "boot";
  block.textContent = json;
  document.head.append(block);
}

describe("the document's start state", () => {
  afterEach(() => document.getElementById("boot")?.remove());

  test("is read once and taken out of the document", () => {
    serve(
      // As the shell escapes it: `<` and `>` inside strings.
      '{"session":{"type":"signed_out"},"status":{"kind":"signed_out"},"language":"es","theme":"dark","x":"\\u003c/script\\u003e"}',
    );
    const boot = takeBoot();
    expect(boot?.language).toBe("es");
    expect(boot?.theme).toBe("dark");
    expect(document.getElementById("boot"), "not left behind").toBeNull();
    expect(takeBoot(), "a second read finds nothing").toBeNull();
  });

  test("none, unreadable or of the wrong shape: the page asks instead", () => {
    expect(takeBoot()).toBeNull();
    serve("{not json");
    expect(takeBoot()).toBeNull();
    serve('{"session":null,"language":"en"}');
    expect(takeBoot()).toBeNull();
  });
});
