// Every call between the screen and the Rust side goes through this module:
// typed wrappers over Tauri's `invoke` and `listen`. When the generated
// bindings change shape, the fixes belong here and nowhere else.

import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { AssistantState } from "./bindings/AssistantState";
import type { ContactDetail } from "./bindings/ContactDetail";
import type { ConversationPage } from "./bindings/ConversationPage";
import type { FilterCounts } from "./bindings/FilterCounts";
import type { IpcError } from "./bindings/IpcError";
import type { IpcErrorCode } from "./bindings/IpcErrorCode";
import type { ListQuery } from "./bindings/ListQuery";
import type { MessagePage } from "./bindings/MessagePage";
import type { NotificationSettings } from "./bindings/NotificationSettings";
import type { NotificationsPaused } from "./bindings/NotificationsPaused";
import type { OpenConversationRequest } from "./bindings/OpenConversationRequest";
import type { OpenedConversation } from "./bindings/OpenedConversation";
import type { OutboxItem } from "./bindings/OutboxItem";
import type { SearchHit } from "./bindings/SearchHit";
import type { Session } from "./bindings/Session";
import type { SyncChange } from "./bindings/SyncChange";
import type { SyncStatus } from "./bindings/SyncStatus";
import type { UnsentWrites } from "./bindings/UnsentWrites";
import type { WaitingCount } from "./bindings/WaitingCount";
import type { PagePhase } from "./bindings/PagePhase";
import type { ReadyReport } from "./bindings/ReadyReport";
import { EVENTS } from "./bindings/events";

/** A command failed. Branch on `code`; `message` is for humans only. */
export class ApiError extends Error implements IpcError {
  readonly code: IpcErrorCode;

  constructor({ code, message }: IpcError) {
    super(message);
    this.name = "ApiError";
    this.code = code;
  }
}

/** Turns whatever `invoke` rejected with into an `ApiError`. */
export function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (
    typeof raw === "object" &&
    raw !== null &&
    typeof (raw as { code?: unknown }).code === "string"
  ) {
    const { code, message } = raw as { code: IpcErrorCode; message?: unknown };
    return new ApiError({ code, message: String(message ?? code) });
  }
  // A panic or a transport failure: not one of our coded errors.
  return new ApiError({ code: "internal", message: String(raw) });
}

async function call<T>(
  command: string,
  args?: Record<string, unknown>,
): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toApiError(raw);
  }
}

// Commands (names and arguments as in docs/architecture.md; Tauri maps
// camelCase argument keys to the Rust snake_case parameters).

export const session = () => call<Session>("session");
export const signIn = (baseUrl: string, token: string) =>
  call<Session>("sign_in", { baseUrl, token });
export const signInDemo = () => call<Session>("sign_in_demo");
export const signOut = () => call<Session>("sign_out");
/** Agent writes not yet confirmed by the backend: signing out drops them. */
export const unsentWrites = () => call<UnsentWrites>("unsent_writes");

export const listConversations = (query: ListQuery) =>
  call<ConversationPage>("list_conversations", { query });
export const filterCounts = () => call<FilterCounts>("filter_counts");
export const searchConversations = (query: string, limit: number) =>
  call<SearchHit[]>("search_conversations", { query, limit });

export const openConversation = (id: number) =>
  call<OpenedConversation>("open_conversation", { id });
export const olderMessages = (
  conversationId: number,
  before: number,
  limit: number,
) => call<MessagePage>("older_messages", { conversationId, before, limit });
export const contactDetail = (contactId: number) =>
  call<ContactDetail>("contact_detail", { contactId });

export const setAssistantState = (
  conversationId: number,
  state: AssistantState,
) => call<OutboxItem>("set_assistant_state", { conversationId, state });
export const sendReply = (conversationId: number, text: string) =>
  call<OutboxItem>("send_reply", { conversationId, text });
export const closeConversation = (conversationId: number) =>
  call<OutboxItem>("close_conversation", { conversationId });
export const retryWrite = (itemId: number) =>
  call<OutboxItem>("retry_write", { itemId });
export const discardWrite = (itemId: number) =>
  call<void>("discard_write", { itemId });

export const syncStatus = () => call<SyncStatus>("sync_status");
export const notificationSettings = () =>
  call<NotificationSettings>("notification_settings");
export const setNotificationSettings = (settings: NotificationSettings) =>
  call<NotificationSettings>("set_notification_settings", { settings });
/** The pause from the tray (or the page), which a restart lifts. */
export const notificationsPaused = () =>
  call<NotificationsPaused>("notifications_paused");
export const setNotificationsPaused = (paused: boolean) =>
  call<NotificationsPaused>("set_notifications_paused", { paused });

/** How many customers wait now (the `waiting` event keeps it current). */
export const waiting = () => call<WaitingCount>("waiting");

/** Tells the shell the first list is painted: it measures start-up time. */
export const appReady = (phases: PagePhase[]) =>
  call<ReadyReport>("app_ready", { phases, now: performance.now() });

/** Opens an https link in the system browser; the Rust side refuses anything else. */
export const openExternal = (url: string) =>
  call<void>("open_external", { url });

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
