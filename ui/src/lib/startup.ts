// Moments of the page's start, sent with `app_ready` so the start-up
// benchmark can say where the time goes (the shell prints them).

import type { PagePhase } from "./bindings/PagePhase";

const phases: PagePhase[] = [];

/** Notes the first time the page reaches `name`. */
export function markStartup(name: string) {
  if (phases.some((p) => p.name === name)) return;
  phases.push({ name, at_ms: performance.now() });
}

/** The engine's paint moments, by the names printed. */
const PAINTS: Record<string, string> = {
  "first-paint": "first paint",
  "first-contentful-paint": "first contentful paint",
};

/**
 * The page's own moments, and the browser's for loading it: when the
 * document was asked for and arrived, when each script and style sheet
 * arrived, when the document was parsed (where a slow start waits), and
 * when the engine first painted, and first painted content (the page's
 * frames say when its rows were painted; these say what came before).
 */
export function startupPhases(): PagePhase[] {
  const loading: PagePhase[] = [];
  const [nav] = performance.getEntriesByType("navigation") as
    PerformanceNavigationTiming[] | [];
  if (nav) {
    loading.push(
      { name: "document asked", at_ms: nav.fetchStart },
      { name: "document received", at_ms: nav.responseEnd },
      { name: "document parsed", at_ms: nav.domInteractive },
    );
  }
  for (const entry of performance.getEntriesByType(
    "resource",
  ) as PerformanceResourceTiming[]) {
    const file = entry.name.split("/").pop() ?? entry.name;
    if (/\.(js|css)$/.test(file))
      loading.push({ name: `${file} received`, at_ms: entry.responseEnd });
  }
  for (const entry of performance.getEntriesByType("paint")) {
    const name = PAINTS[entry.name];
    if (name) loading.push({ name, at_ms: entry.startTime });
  }
  return [...loading.filter((p) => p.at_ms > 0), ...phases];
}

let painted = false;
const untilPainted: (() => void)[] = [];

/**
 * Runs `task` once the first screen is painted (at once if it is): start
 * work that screen does not need, such as reads that confirm what the
 * document was served with, so their answers do not land on the page's
 * thread before its first frame. Returns what drops the task if it has
 * not run yet (a component going away before the paint).
 */
export function afterFirstPaint(task: () => void): () => void {
  if (painted) {
    task();
    return () => {};
  }
  const waiting = () => task();
  untilPainted.push(waiting);
  return () => {
    const at = untilPainted.indexOf(waiting);
    if (at >= 0) untilPainted.splice(at, 1);
  };
}

/** A page run begins (the top component is made): nothing is painted yet. */
export function firstPaintPending() {
  painted = false;
  untilPainted.length = 0;
}

/** The first screen is painted (or there is none to wait for): run what waited. */
export function firstPaintDone() {
  painted = true;
  untilPainted.splice(0).forEach((task) => task());
}
