// The loader served with the shell's first screen (public/first-screen.js):
// the page's script waits for the frame that shows the screen, and the
// shell hears once that frame is painted.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";

const LOADER = readFileSync(
  join(import.meta.dirname, "../public/first-screen.js"),
  "utf8",
);
const PAGE = "/assets/index-abc.js";

let frames: FrameRequestCallback[] = [];
const invoke = vi.fn((_cmd: string) => Promise.resolve());

/** Runs the frame callbacks asked for so far (one frame). */
function frame() {
  const now = frames.splice(0);
  now.forEach((callback) => callback(performance.now()));
}

function pageScripts(): HTMLScriptElement[] {
  return [...document.head.querySelectorAll("script[type=module]")].map(
    (s) => s as HTMLScriptElement,
  );
}

function serve(withScreen: boolean) {
  document.head.innerHTML = `<script defer data-module="${PAGE}"></script>`;
  document.body.innerHTML = withScreen
    ? `<div id="app"><div class="first-screen" inert aria-hidden="true"></div></div>`
    : `<div id="app"></div>`;
  new Function(LOADER)();
}

beforeEach(() => {
  vi.useFakeTimers();
  frames = [];
  invoke.mockClear();
  vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => {
    frames.push(cb);
    return frames.length;
  });
  (window as unknown as { __TAURI_INTERNALS__: unknown }).__TAURI_INTERNALS__ =
    { invoke };
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.head.innerHTML = "";
  document.body.innerHTML = "";
});

describe("the first screen's loader", () => {
  test("adds the page in the screen's first frame and reports the paint one frame later", () => {
    serve(true);
    expect(pageScripts()).toHaveLength(0);
    frame();
    const [script] = pageScripts();
    expect(script?.getAttribute("src")).toBe(PAGE);
    expect(invoke).not.toHaveBeenCalled();
    frame();
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke).toHaveBeenCalledWith("first_screen_painted");
    vi.advanceTimersByTime(1000);
    expect(pageScripts()).toHaveLength(1);
  });

  test("a window that gets no frames still gets its page, and no paint is claimed", () => {
    serve(true);
    vi.advanceTimersByTime(200);
    expect(pageScripts()).toHaveLength(1);
    frame();
    frame();
    expect(pageScripts()).toHaveLength(1);
    expect(invoke).not.toHaveBeenCalled();
  });

  test("a screen the page replaced before any frame is not reported painted", () => {
    serve(true);
    document.querySelector(".first-screen")?.remove();
    frame();
    frame();
    expect(pageScripts()).toHaveLength(1);
    expect(invoke).not.toHaveBeenCalled();
  });
});
