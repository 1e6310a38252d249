// Everything between the screen and the Rust side: the commands (generated
// from the Rust functions, in `bindings/commands.ts`), the error type every
// command rejects with (`ipc.ts`), and the events with the listen/unmount
// race guard.

import { listen } from "@tauri-apps/api/event";
import {
  EVENTS,
  type NotificationsPaused,
  type OpenConversationRequest,
  type Session,
  type SyncChange,
  type WaitingCount,
} from "./bindings";
import { toApiError } from "./ipc";

export * from "./bindings/commands";
export { ApiError, toApiError } from "./ipc";

// Events: names come from the generated `EVENTS` map, never spelled here.

export { EVENTS };

/**
 * Subscribes to a Tauri event and returns an unsubscribe function at once.
 *
 * `listen` resolves asynchronously: a component can unmount before it does.
 * The returned function marks the subscription dead, so a late `unlisten`
 * is called as soon as it arrives and no payload reaches a gone component.
 */
function subscribe<T>(
  event: string,
  handler: (payload: T) => void,
): () => void {
  let alive = true;
  let unlisten: (() => void) | undefined;
  listen<T>(event, (e) => {
    if (alive) handler(e.payload);
  }).then(
    (stop) => {
      if (alive) unlisten = stop;
      else stop();
    },
    (raw) => console.error(`listening to ${event} failed`, toApiError(raw)),
  );
  return () => {
    alive = false;
    unlisten?.();
    unlisten = undefined;
  };
}

export const onSync = (handler: (change: SyncChange) => void) =>
  subscribe<SyncChange>(EVENTS.sync, handler);
export const onOpenConversation = (
  handler: (request: OpenConversationRequest) => void,
) => subscribe<OpenConversationRequest>(EVENTS.openConversation, handler);
export const onWaiting = (handler: (waiting: WaitingCount) => void) =>
  subscribe<WaitingCount>(EVENTS.waiting, handler);
export const onSession = (handler: (session: Session) => void) =>
  subscribe<Session>(EVENTS.session, handler);
export const onNotificationsPaused = (
  handler: (paused: NotificationsPaused) => void,
) => subscribe<NotificationsPaused>(EVENTS.notificationsPaused, handler);

/** The daily reminder was clicked: show yesterday's Review. */
export const onOpenReview = (handler: () => void) =>
  subscribe<null>(EVENTS.openReview, () => handler());

/** The shell found the cache file damaged, wherever it was met first. */
export const onCacheDamaged = (handler: () => void) =>
  subscribe<null>(EVENTS.cacheDamaged, () => handler());
