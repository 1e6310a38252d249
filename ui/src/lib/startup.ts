// Moments of the page's start, sent with `app_ready` so the start-up
// benchmark can say where the time goes (the shell prints them).

import type { PagePhase } from "./bindings/PagePhase";

const phases: PagePhase[] = [];

/** Notes the first time the page reaches `name`. */
export function markStartup(name: string) {
  if (phases.some((p) => p.name === name)) return;
  phases.push({ name, at_ms: performance.now() });
}

export function startupPhases(): PagePhase[] {
  return phases.slice();
}
