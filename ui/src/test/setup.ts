// Shared set-up of the component tests: DOM matchers, what jsdom lacks, and a
// clean IPC mock and DOM after every test.
import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, vi } from "vitest";
import { catalogueFiles } from "../lib/i18n.svelte";
import { NOW } from "./fixtures";

// jsdom has no layout. The virtual list learns sizes through ResizeObserver:
// report scroll containers as 700px high and everything else as one 66px
// row, and give elements the offsetParent that marks them as laid out.
class FixedSizeResizeObserver {
  #callback: ResizeObserverCallback;
  constructor(callback: ResizeObserverCallback) {
    this.#callback = callback;
  }
  observe(target: Element) {
    queueMicrotask(() =>
      this.#callback(
        [
          {
            target,
            contentRect: { width: 320, height: heightOf(target) },
          } as unknown as ResizeObserverEntry,
        ],
        this as unknown as ResizeObserver,
      ),
    );
  }
  unobserve() {}
  disconnect() {}
}
function heightOf(target: Element) {
  return target instanceof HTMLElement && target.style.overflowY === "auto"
    ? 700
    : 66;
}
Object.defineProperty(HTMLElement.prototype, "offsetParent", {
  configurable: true,
  get(this: HTMLElement) {
    return this.parentElement;
  },
});
globalThis.ResizeObserver =
  FixedSizeResizeObserver as unknown as typeof ResizeObserver;
Element.prototype.scrollIntoView ??= function () {};
Element.prototype.scrollTo ??= function (
  this: Element,
  options?: ScrollToOptions | number,
) {
  if (typeof options === "object" && options.top !== undefined)
    this.scrollTop = options.top;
};

// A browser tells a scrolled element's listeners (a virtual list among them)
// with a scroll event, on the next frame; jsdom only stores the value.
const scrollTops = new WeakMap<Element, number>();
Object.defineProperty(Element.prototype, "scrollTop", {
  configurable: true,
  get(this: Element) {
    return scrollTops.get(this) ?? 0;
  },
  set(this: Element, value: number) {
    const next = Math.max(0, value);
    if (next === (scrollTops.get(this) ?? 0)) return;
    scrollTops.set(this, next);
    setTimeout(() => this.dispatchEvent(new Event("scroll")));
  },
});
Element.prototype.scrollBy ??= function (
  this: Element,
  options?: ScrollToOptions | number,
) {
  if (typeof options === "object" && options.top !== undefined)
    this.scrollTop += options.top;
};

// A shared, busy CI machine (two cores, Rust builds alongside) is slow:
// give async queries room rather than fail on a loaded machine.
configure({ asyncUtilTimeout: 4000 });

// The page fetches a language's catalogues the first time it shows it;
// tests switch languages synchronously, so every catalogue is here first.
await catalogueFiles();

afterEach(() => {
  cleanup();
  clearMocks();
});

// Relative times are computed against a fixed "now"; timers stay real so
// testing-library's waitFor and the app's debounces run normally.
vi.useFakeTimers({ toFake: ["Date"], now: NOW });
