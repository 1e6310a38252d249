import { afterEach, describe, expect, test } from "vitest";
import { showTheme } from "./theme";

/** A desktop whose colour scheme the test sets, as matchMedia reports it. */
function fakeDesktop(dark: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    matches: dark,
    addEventListener: (_: string, listener: () => void) =>
      listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) =>
      listeners.delete(listener),
  };
  globalThis.matchMedia = ((media: string) => {
    expect(media).toBe("(prefers-color-scheme: dark)");
    return query;
  }) as unknown as typeof matchMedia;
  return {
    switchTo(next: boolean) {
      query.matches = next;
      listeners.forEach((listener) => listener());
    },
    listening: () => listeners.size,
  };
}

const root = () => document.documentElement.dataset.theme;

describe("theme", () => {
  afterEach(() => {
    showTheme("light");
    delete (globalThis as { matchMedia?: unknown }).matchMedia;
  });

  test("a chosen theme holds whatever the desktop uses", () => {
    const desktop = fakeDesktop(true);
    showTheme("light");
    expect(root(), "Light on a dark desktop").toBe("light");
    showTheme("dark");
    desktop.switchTo(false);
    expect(root(), "Dark stays dark when the desktop turns light").toBe("dark");
  });

  test("the system theme follows the desktop, also when it changes", () => {
    const desktop = fakeDesktop(true);
    showTheme("system");
    expect(root(), "a dark desktop gives dark colours").toBe("dark");
    desktop.switchTo(false);
    expect(root(), "the desktop turning light is followed at once").toBe(
      "light",
    );
    showTheme("dark");
    expect(
      desktop.listening(),
      "a chosen theme stops following the desktop",
    ).toBe(0);
    desktop.switchTo(false);
    expect(root()).toBe("dark");
  });

  test("without matchMedia the system theme is light", () => {
    showTheme("dark");
    showTheme("system");
    expect(root()).toBe("light");
  });
});
