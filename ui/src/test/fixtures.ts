// Small, explicit data sets and a helper that puts the fake backend behind
// Tauri's mocked IPC (commands and events), as the real shell would be.
import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { EVENTS } from "../lib/bindings/events";
import type { Contact } from "../lib/bindings/Contact";
import type { Conversation } from "../lib/bindings/Conversation";
import type { Message } from "../lib/bindings/Message";
import type { SyncChange } from "../lib/bindings/SyncChange";
import type { SyncStatus } from "../lib/bindings/SyncStatus";
import {
  FakeBackend,
  type FakeData,
  type FakeOptions,
} from "../dev/fakeBackend";

export const NOW = Date.UTC(2026, 10, 25, 15, 0, 0);
const MIN = 60_000;

export function contact(
  id: number,
  name: string,
  extra: Partial<Contact> = {},
): Contact {
  return {
    id,
    name,
    phone: null,
    email: null,
    external_id: null,
    chat_id: null,
    attributes: {},
    created_at: NOW - 1000 * MIN,
    updated_seq: 1,
    ...extra,
  };
}

export function conversation(
  id: number,
  contactId: number,
  extra: Partial<Conversation> = {},
): Conversation {
  return {
    id,
    contact_id: contactId,
    channel: "whatsapp",
    status: "open",
    assistant_state: "active",
    transfer_reason: null,
    transferred_at: null,
    created_at: NOW - 100 * MIN,
    last_activity_at: NOW - id * MIN,
    last_message_preview: null,
    message_count: null,
    assignee: null,
    snooze: null,
    updated_seq: 1,
    ...extra,
  };
}

let nextMessageId = 1;
export function message(
  conversationId: number,
  author: Message["author"],
  text: string,
  extra: Partial<Message> = {},
): Message {
  const id = nextMessageId++;
  return {
    id,
    conversation_id: conversationId,
    author,
    agent_id: null,
    agent_name: null,
    text,
    created_at: NOW - 50 * MIN + id * 1000,
    seq: id,
    ...extra,
  };
}

/** Three customers: Maria (open), João (transferred, waiting 12 min), Li (closed). */
export function smallData(): FakeData {
  return {
    contacts: [
      contact(1, "Maria Silva", {
        phone: "+55 11 98765-4321",
        email: "maria@example.com",
        external_id: "CUST-991",
        chat_id: "wa-5511987654321",
        attributes: { Plan: "Premium", City: "São Paulo" },
      }),
      contact(2, "João Santos", { phone: "+55 21 91234-5678" }),
      contact(3, "Li Wei", { email: "li@example.com" }),
    ],
    conversations: [
      conversation(1, 1, {
        last_message_preview: "Where is my order?",
        last_activity_at: NOW - 2 * MIN,
      }),
      conversation(2, 2, {
        status: "transferred",
        assistant_state: "paused",
        transfer_reason: "Refund request",
        transferred_at: NOW - 12 * MIN,
        last_message_preview: "I want my money back",
        last_activity_at: NOW - 5 * MIN,
      }),
      conversation(3, 3, {
        status: "closed",
        last_message_preview: "Thanks!",
        last_activity_at: NOW - 90 * MIN,
      }),
      conversation(4, 1, {
        status: "closed",
        last_message_preview: "Old question about sizes",
        last_activity_at: NOW - 3000 * MIN,
      }),
    ],
    messages: [
      message(1, "customer", "Where is my order?"),
      message(
        1,
        "assistant",
        "It ships tomorrow. Track it at https://track.example.com/48213.",
      ),
      message(2, "customer", "I want my money back"),
      message(2, "system", "Transferred to a human: Refund request"),
      message(2, "agent", "Hi, I'm Bruno. Looking into it.", {
        agent_id: 9,
        agent_name: "Bruno Lima",
      }),
      message(3, "customer", "Thanks!"),
      message(4, "customer", "Old question about sizes"),
    ],
  };
}

/** Installs `backend` behind `invoke` and `listen`, and returns it. */
export function install(
  data: FakeData = smallData(),
  options: FakeOptions = { signedIn: true },
): FakeBackend {
  const backend = new FakeBackend(data, { now: () => NOW, ...options });
  mockIPC(backend.handle, { shouldMockEvents: true });
  backend.emit = (change: SyncChange) => void emit(EVENTS.sync, change);
  backend.emitPaused = (paused) =>
    void emit(EVENTS.notificationsPaused, paused);
  return backend;
}

/** Emits a sync event as the Rust side would. */
export function sync(change: SyncChange) {
  return emit(EVENTS.sync, change);
}

/** The status the first sync reports after `pages` pages of 500
 * conversations, out of `total`. */
export function firstSyncPage(pages: number, total: number): SyncStatus {
  return {
    kind: "bootstrapping",
    pages_done: pages,
    conversations_done: pages * 500,
    total,
  };
}
