// Light or dark colours. app.css keeps one set of colours per scheme, keyed
// on `data-theme` of the root element; this sets it from the theme setting,
// and for "system" from the desktop's `prefers-color-scheme` (which
// WebKitGTK takes from GTK's dark preference), following its changes.

import type { Theme } from "./bindings/Theme";

/** The message naming each choice in the settings. */
export const THEME_LABELS: Record<Theme, string> = {
  system: "app-theme-system",
  light: "app-theme-light",
  dark: "app-theme-dark",
};

const DARK_QUERY = "(prefers-color-scheme: dark)";

let stopFollowing: (() => void) | null = null;

/** Shows `theme` from now on (the desktop's scheme, as it changes, for "system"). */
export function showTheme(
  theme: Theme,
  root: HTMLElement = document.documentElement,
) {
  stopFollowing?.();
  stopFollowing = null;
  if (theme !== "system") {
    root.dataset.theme = theme;
    return;
  }
  // jsdom and very old webviews have no matchMedia: light then.
  const desktop = globalThis.matchMedia?.(DARK_QUERY);
  const follow = () =>
    (root.dataset.theme = desktop?.matches ? "dark" : "light");
  follow();
  if (!desktop) return;
  desktop.addEventListener("change", follow);
  stopFollowing = () => desktop.removeEventListener("change", follow);
}
