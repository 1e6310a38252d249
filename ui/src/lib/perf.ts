// What a person feels: the time from an action (a keystroke, a click) to its
// result on screen, as `performance.measure` entries the app benchmark reads
// back (scripts/bench-app.sh). Painted means two animation frames after the
// result was set, as for start-up (App.svelte's `listLoaded`).
//
// Each entry's `detail` splits the time: `wait` (the action until its
// command was sent: pacing, other work), `ipc` (the command's round trip,
// the store's query included), `render` (the answer until painted), and
// the render again in two: `update` (the answer until the page has written
// it into the DOM: the components' own work) and `paint` (from there until
// painted: style, layout, measuring, painting, and what runs in those
// frames).

type Action = { start: number; asked?: number; answered?: number };

/** One action in progress per kind: a new keystroke makes the last one moot. */
const running = new Map<string, Action>();

/** Entries kept before the oldest are dropped (a long session acts a lot). */
const KEPT = 1000;

/** The user just acted (call first thing in the handler). */
export function actionStarted(kind: string) {
  running.set(kind, { start: performance.now() });
}

/** Sends `kind`'s command and notes when it was sent and answered. */
export async function timed<T>(
  kind: string,
  ask: () => Promise<T>,
): Promise<T> {
  const action = running.get(kind);
  if (action) action.asked = performance.now();
  const answer = await ask();
  if (action && running.get(kind) === action)
    action.answered = performance.now();
  return answer;
}

/** `kind`'s result is set: measures once it is painted. */
export function resultSet(kind: string) {
  const action = running.get(kind);
  if (!action) return;
  running.delete(kind);
  const set = performance.now();
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const painted = performance.now();
      const asked = action.asked ?? action.start;
      const answered = action.answered ?? asked;
      if (performance.getEntriesByType("measure").length >= KEPT)
        performance.clearMeasures();
      performance.measure(kind, {
        start: action.start,
        end: painted,
        detail: {
          wait: asked - action.start,
          ipc: answered - asked,
          render: painted - answered,
          update: set - answered,
          paint: painted - set,
        },
      });
    }),
  );
}
