// An in-memory stand-in for the Rust side, answering the same commands with
// the same shapes. Used by the component tests (through `mockIPC`) and by
// `npm run dev:mock`; never imported by the production entry point.

import type { AppSettings } from "../lib/bindings/AppSettings";
import type { Assignee } from "../lib/bindings/Assignee";
import type { CommandName, Commands } from "../lib/bindings/commands";
import type { Contact } from "../lib/bindings/Contact";
import type { Conversation } from "../lib/bindings/Conversation";
import type { ConversationPage } from "../lib/bindings/ConversationPage";
import type { ConversationRow } from "../lib/bindings/ConversationRow";
import type { FilterCounts } from "../lib/bindings/FilterCounts";
import type { HistoryProgress } from "../lib/bindings/HistoryProgress";
import type { IpcError } from "../lib/bindings/IpcError";
import type { ListQuery } from "../lib/bindings/ListQuery";
import type { MatchField } from "../lib/bindings/MatchField";
import type { Message } from "../lib/bindings/Message";
import type { MessagePage } from "../lib/bindings/MessagePage";
import type { NotificationSettings } from "../lib/bindings/NotificationSettings";
import type { ContactConversation } from "../lib/bindings/ContactConversation";
import type { NotificationsPaused } from "../lib/bindings/NotificationsPaused";
import type { OpenedConversation } from "../lib/bindings/OpenedConversation";
import type { OutboxAction } from "../lib/bindings/OutboxAction";
import type { OutboxItem } from "../lib/bindings/OutboxItem";
import type { SearchHit } from "../lib/bindings/SearchHit";
import type { Session } from "../lib/bindings/Session";
import type { SignInConsent } from "../lib/bindings/SignInConsent";
import type { SyncChange } from "../lib/bindings/SyncChange";
import type { SyncStatus } from "../lib/bindings/SyncStatus";
import type { TextSpan } from "../lib/bindings/TextSpan";
import type { TokenStorage } from "../lib/bindings/TokenStorage";
import type { PeriodHistory } from "../lib/bindings/PeriodHistory";
import type { ReviewPeriod } from "../lib/bindings/ReviewPeriod";
import type { ReviewSection } from "../lib/bindings/ReviewSection";
import type { ReviewSettings } from "../lib/bindings/ReviewSettings";
import { DEFAULT_REVIEW_SETTINGS, fakeReview } from "./fakeReview";

export type FakeData = {
  contacts: Contact[];
  conversations: Conversation[];
  messages: Message[];
};

export type FakeOptions = {
  /** Signed in from the start (as after a previous session). */
  signedIn?: boolean;
  /** Confirm agent writes after this many ms; undefined leaves them pending until `settle`. */
  autoConfirmMs?: number;
  now?: () => number;
};

const OPEN_PAGE = 30;

export class FakeBackend {
  contacts = new Map<number, Contact>();
  conversations = new Map<number, Conversation>();
  messages = new Map<number, Message[]>();
  outbox = new Map<number, OutboxItem>();
  session: Session = { type: "signed_out" };
  /** Where the shell would keep a token (TokenVault::where_saved). */
  tokenStorage: TokenStorage = { kind: "keyring" };
  /** Writes another account left unsent, which a sign-in would discard. */
  unsentOfAnotherUser = 0;
  status: SyncStatus = { kind: "live" };
  /** The shell's defaults (NotificationSettings::default). */
  notificationSettings: NotificationSettings = {
    enabled: true,
    transfers: true,
    escalations: true,
    escalation_minutes: 5,
    sound: true,
    quiet_hours: null,
    reminder_minutes: 5,
    daily_review: true,
    daily_review_minute: 9 * 60,
  };
  /** The shell's defaults for an agent who never chose (app_settings.rs). */
  appSettings: AppSettings = {
    keep_running_in_background: true,
    start_at_login: false,
    keep_history: "all",
    theme: "system",
    language: "system",
  };
  /** Where the shell set a damaged cache aside at launch (lib.rs), if it did. */
  cacheSetAside: string | null = null;
  /** The system locale's language, as the shell negotiates it (a test may set another). */
  systemLanguage = "en";
  /** Set by `quit` (the real shell exits). */
  quitRequested = false;
  /** Set by `restart` (the real shell starts again). */
  restartRequested = false;
  /** A store call found the cache file damaged (the shell's `cache_damaged`). */
  cacheDamaged = false;
  /** Every command received, in order: tests assert on intents sent. */
  calls: { cmd: string; args: Record<string, unknown> }[] = [];
  /** URLs handed to `open_external`. */
  opened: string[] = [];
  /** Make the next command of this name fail with this error. */
  failNext = new Map<string, IpcError>();
  emit: (change: SyncChange) => void = () => {};
  /** Paused from the tray or the page (not persisted, as in the shell). */
  notificationsPaused = false;
  /**
   * Older history on the server that the cache never downloaded, per
   * conversation (oldest first): fetched by `older_messages` while
   * `serverReachable`, else the page says it is not downloaded.
   */
  notDownloaded = new Map<number, Message[]>();
  /** Conversations whose older messages are not kept (history kept for a period). */
  notKept = new Set<number>();
  serverReachable = true;
  /** What `history_progress` answers (tests set a download under way; null: on demand only). */
  historyProgress: HistoryProgress | null = {
    cached: 0,
    total: 0,
    done: true,
  };
  emitPaused: (paused: NotificationsPaused) => void = () => {};
  /** Review items marked reviewed (durable in the real store). */
  reviewMarks = new Set<string>();
  reviewSettings: ReviewSettings = structuredClone(DEFAULT_REVIEW_SETTINGS);
  /** What `review` says of the period's history (tests set a download). */
  reviewHistory: PeriodHistory = { kind: "complete" };
  /** Sections handed to the export, and what the save dialog answers. */
  exports: { period: ReviewPeriod; section: ReviewSection }[] = [];
  exportPath: string | null = "/home/demo/switchboard-unanswered-questions.csv";

  #nextId = 1_000_000;
  #seq = 1;
  #options: FakeOptions;

  constructor(data: FakeData, options: FakeOptions = {}) {
    this.#options = options;
    for (const c of data.contacts) this.contacts.set(c.id, c);
    for (const c of data.conversations) this.conversations.set(c.id, c);
    for (const m of [...data.messages].sort((a, b) => a.id - b.id)) {
      const list = this.messages.get(m.conversation_id) ?? [];
      list.push(m);
      this.messages.set(m.conversation_id, list);
    }
    if (options.signedIn) this.session = demoSession(false);
  }

  /** Checks as NotificationSettings::validate does, then keeps them. */
  setNotificationSettings(settings: NotificationSettings) {
    const quiet = settings.quiet_hours;
    if (quiet && (quiet.start_minute >= 1440 || quiet.end_minute >= 1440))
      throw {
        code: "invalid_input",
        message: "quiet hours are minutes after midnight, below 1440",
      } satisfies IpcError;
    if (settings.daily_review_minute >= 1440)
      throw {
        code: "invalid_input",
        message:
          "the daily review reminder's time is minutes after midnight, below 1440",
      } satisfies IpcError;
    if (settings.reminder_minutes > 1440)
      throw {
        code: "invalid_input",
        message: "reminders are at most a day apart",
      } satisfies IpcError;
    if (settings.escalation_minutes < 1 || settings.escalation_minutes > 1440)
      throw {
        code: "invalid_input",
        message: "escalations come after 1 to 1440 minutes",
      } satisfies IpcError;
    this.notificationSettings = structuredClone(settings);
    return settings;
  }

  now(): number {
    return this.#options.now?.() ?? Date.now();
  }

  /**
   * Commands whose answers, read when asked, reach the page only once the
   * promise settles (tests of what changes while an answer is on its way);
   * `once`: the next call's answer only.
   */
  #held = new Map<string, { until: Promise<void>; once: boolean }>();

  /** Holds `cmd`'s answers from now on; the function returned delivers them. */
  hold(cmd: string): () => void {
    return this.#hold(cmd, false);
  }

  /** Holds the answer of `cmd`'s next call alone; later calls answer at once. */
  holdNext(cmd: string): () => void {
    return this.#hold(cmd, true);
  }

  #hold(cmd: string, once: boolean): () => void {
    let deliver = () => {};
    const until = new Promise<void>((resolve) => (deliver = resolve));
    this.#held.set(cmd, { until, once });
    return () => deliver();
  }

  /** The `mockIPC` handler. Rejections carry `{code, message}` like the real commands. */
  handle = async (cmd: string, raw?: unknown): Promise<unknown> => {
    const args = (raw ?? {}) as Record<string, unknown>;
    this.calls.push({ cmd, args });
    const failure = this.failNext.get(cmd);
    if (failure) {
      this.failNext.delete(cmd);
      throw failure;
    }
    const handler = (this.#commands as Record<string, unknown>)[cmd];
    if (typeof handler !== "function") {
      throw {
        code: "internal",
        message: `unknown command ${cmd}`,
      } satisfies IpcError;
    }
    const answer = (handler as (args: unknown) => unknown)(args);
    // Read now, delivered later: an answer on its way while things change.
    const held = this.#held.get(cmd);
    if (held?.once) this.#held.delete(cmd);
    if (held) await held.until;
    return answer;
  };

  /**
   * One answer per command, typed by the generated `Commands`: a command
   * added, renamed or reshaped on the Rust side fails the type check here.
   */
  #commands: {
    [C in CommandName]: (
      args: Commands[C]["args"],
    ) => Commands[C]["returns"] | Promise<Commands[C]["returns"]>;
  } = {
    session: () => this.session,
    sign_in: ({ baseUrl, token, consent }) =>
      this.signIn(baseUrl, token, consent),
    sign_in_chatwoot: ({ baseUrl, accountId, token, consent }) =>
      this.signIn(baseUrl, token, consent, accountId),
    token_storage: () => structuredClone(this.tokenStorage),
    sign_in_demo: () => {
      this.session = demoSession(true);
      return this.session;
    },
    sign_out: () => {
      // As Store::forget_account: unconfirmed writes go with the account.
      this.session = { type: "signed_out" };
      this.outbox.clear();
      return this.session;
    },
    unsent_writes: () => ({
      count: [...this.outbox.values()].filter((i) => i.state !== "sent").length,
    }),
    list_conversations: ({ query }) => this.list(query),
    filter_counts: () => this.counts(),
    search_conversations: ({ query, limit }) => this.search(query, limit),
    open_conversation: ({ id }) => this.open(id),
    older_messages: ({ conversationId, before, limit }) =>
      this.older(conversationId, before, limit),
    contact_detail: ({ contactId }) => this.contactDetail(contactId),
    set_assistant_state: ({ conversationId, state }) =>
      this.enqueue(conversationId, { type: "set_assistant", state }),
    send_reply: ({ conversationId, text }) =>
      this.enqueue(conversationId, { type: "reply", text }),
    close_conversation: ({ conversationId }) =>
      this.enqueue(conversationId, { type: "close" }),
    take_conversation: ({ conversationId, takeOver }) =>
      this.take(conversationId, takeOver),
    release_conversation: ({ conversationId }) => this.release(conversationId),
    retry_write: ({ itemId }) => this.retry(itemId),
    discard_write: ({ itemId }) => this.discard(itemId),
    sync_status: () => this.status,
    notification_settings: () => structuredClone(this.notificationSettings),
    notifications_paused: () => ({ paused: this.notificationsPaused }),
    set_notifications_paused: ({ paused }) => {
      this.notificationsPaused = paused;
      this.emitPaused({ paused });
      return { paused };
    },
    set_notification_settings: ({ settings }) =>
      this.setNotificationSettings(settings),
    history_progress: () => this.historyProgress && { ...this.historyProgress },
    // As the store: only customers nobody took.
    waiting: () => ({
      count: [...this.conversations.values()].filter(
        (c) =>
          c.assignee === null && this.sinceTransfer(c).waiting_since !== null,
      ).length,
    }),
    app_settings: () => structuredClone(this.appSettings),
    cache_set_aside: () => this.cacheSetAside,
    cache_damaged: () => this.cacheDamaged,
    language: () =>
      ({ system: this.systemLanguage, en: "en", pt_br: "pt-BR", es: "es" })[
        this.appSettings.language
      ],
    set_app_settings: ({ settings }) => {
      this.appSettings = structuredClone(settings);
      return settings;
    },
    quit: () => {
      this.quitRequested = true;
      return null;
    },
    restart: () => {
      this.restartRequested = true;
      return null;
    },
    app_ready: () => ({ since_start_ms: 0 }),
    first_screen_painted: () => ({ since_start_ms: 0 }),
    open_external: ({ url }) => {
      this.opened.push(url);
      return null;
    },
    review: ({ range }) => ({
      review: fakeReview(
        {
          contacts: this.contacts,
          conversations: this.conversations,
          messages: this.messages,
          marks: this.reviewMarks,
          settings: this.reviewSettings,
        },
        range,
        this.now(),
      ),
      history: structuredClone(this.reviewHistory),
    }),
    mark_reviewed: ({ keys }) => {
      keys.forEach((key) => this.reviewMarks.add(key));
      return null;
    },
    unmark_reviewed: ({ keys }) => {
      keys.forEach((key) => this.reviewMarks.delete(key));
      return null;
    },
    review_settings: () => structuredClone(this.reviewSettings),
    set_review_settings: ({ settings }) => {
      // As ReviewSettings::check in review.rs.
      if (settings.quiet_after_hours < 1 || settings.quiet_after_hours > 2160)
        throw {
          code: "invalid_input",
          message: "the quiet threshold must be between 1 hour and 90 days",
        } satisfies IpcError;
      const tidy = (items: string[]) => [
        ...new Set(items.map((i) => i.trim()).filter(Boolean)),
      ];
      const topics = settings.topics.map((t) => ({
        name: t.name.trim(),
        keywords: tidy(t.keywords),
      }));
      const bad = topics.find((t) => !t.name || t.keywords.length === 0);
      if (bad)
        throw {
          code: "invalid_input",
          message: bad.name
            ? `the topic "${bad.name}" needs at least one keyword`
            : "a topic needs a name",
        } satisfies IpcError;
      this.reviewSettings = {
        quiet_after_hours: settings.quiet_after_hours,
        unanswered_phrases: tidy(settings.unanswered_phrases),
        topics,
      };
      return structuredClone(this.reviewSettings);
    },
    export_review_section: ({ period, section }) => {
      this.exports.push({ period, section });
      return this.exportPath;
    },
  };

  /** `accountId`: a Chatwoot sign-in (account 1 is the only one). */
  signIn(
    baseUrl: string,
    token: string,
    consent: SignInConsent | null,
    accountId?: number,
  ): Session {
    if (!/^https?:\/\/\S+$/.test(baseUrl)) {
      throw { code: "invalid_input", message: "not a URL" } satisfies IpcError;
    }
    // As session.rs: plain http only to this machine, unless agreed.
    const loopback = /^http:\/\/(localhost|127\.[\d.]+|\[::1\])(:\d+)?(\/|$)/i;
    if (
      baseUrl.startsWith("http://") &&
      !loopback.test(baseUrl) &&
      !consent?.allow_insecure
    ) {
      throw {
        code: "insecure_connection",
        message: "http:// would send the token unencrypted",
      } satisfies IpcError;
    }
    if (this.unsentOfAnotherUser > 0 && !consent?.discard_unsent) {
      throw {
        code: "unsent_writes_of_another_user",
        message: `${this.unsentOfAnotherUser} writes of another account`,
      } satisfies IpcError;
    }
    this.unsentOfAnotherUser = 0;
    if (baseUrl.includes("unreachable")) {
      throw {
        code: "unreachable",
        message: "connection refused",
      } satisfies IpcError;
    }
    if (token !== "good-token") {
      throw {
        code: "unauthorized",
        message: "token rejected",
      } satisfies IpcError;
    }
    if (accountId !== undefined && accountId !== 1) {
      throw {
        code: "account_not_found",
        message: `not a member of account ${accountId}`,
      } satisfies IpcError;
    }
    this.session = {
      type: "signed_in",
      me: { id: 7, name: "Ana Souza", role: "agent" },
      base_url: baseUrl,
      demo: false,
      chatwoot_account: accountId ?? null,
    };
    return this.session;
  }

  row(c: Conversation): ConversationRow {
    const pending = [...this.outbox.values()].filter(
      (o) => o.conversation_id === c.id && o.state !== "sent",
    ).length;
    return {
      id: c.id,
      contact_id: c.contact_id,
      contact_name: this.contacts.get(c.contact_id)?.name ?? "Unknown",
      channel: c.channel,
      status: c.status,
      assistant_state: c.assistant_state,
      preview: c.last_message_preview,
      last_activity_at: c.last_activity_at,
      transfer_reason: c.transfer_reason,
      ...this.sinceTransfer(c),
      pending_writes: pending,
      assignee: c.assignee,
      assignee_is_me: c.assignee !== null && c.assignee.id === this.myId(),
      snooze: c.snooze,
    };
  }

  /** The signed-in user's id, whose conversations are "mine". */
  myId(): number | null {
    return this.session.type === "signed_in" ? this.session.me.id : null;
  }

  /** As the store's `waiting.rs`: waiting until a human replies, and again after the customer writes. */
  sinceTransfer(c: Conversation): {
    waiting_since: number | null;
    replied_by: string | null;
    replied_at: number | null;
  } {
    if (c.status !== "transferred" || c.transferred_at === null)
      return { waiting_since: null, replied_by: null, replied_at: null };
    const since = (this.messages.get(c.id) ?? []).filter(
      (m) => m.created_at >= (c.transferred_at ?? 0),
    );
    const replyAt = since.map((m) => m.author).lastIndexOf("agent");
    if (replyAt < 0)
      return {
        waiting_since: c.transferred_at,
        replied_by: null,
        replied_at: null,
      };
    const reply = since[replyAt];
    const again = since.slice(replyAt + 1).find((m) => m.author === "customer");
    return {
      waiting_since: again?.created_at ?? null,
      replied_by: reply.agent_name,
      replied_at: reply.created_at,
    };
  }

  sorted(): Conversation[] {
    return [...this.conversations.values()].sort(
      (a, b) => b.last_activity_at - a.last_activity_at || b.id - a.id,
    );
  }

  list(query: ListQuery): ConversationPage {
    let all = this.sorted().filter((c) => {
      switch (query.filter) {
        case "all":
          return true;
        case "selected":
          return c.id === query.selected;
        case "open":
          return c.status === "open" && c.assistant_state === "active";
        case "mine":
          return c.assignee !== null && c.assignee.id === this.myId();
        default:
          return c.status === query.filter;
      }
    });
    const after = query.after;
    if (after) {
      all = all.filter(
        (c) =>
          c.last_activity_at < after.last_activity_at ||
          (c.last_activity_at === after.last_activity_at && c.id < after.id),
      );
    }
    const page = all.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      rows: page.map((c) => this.row(c)),
      next:
        all.length > query.limit && last
          ? { last_activity_at: last.last_activity_at, id: last.id }
          : null,
    };
  }

  counts(): FilterCounts {
    const counts = { all: 0, open: 0, closed: 0, transferred: 0, mine: 0 };
    for (const c of this.conversations.values()) {
      counts.all++;
      if (c.assignee !== null && c.assignee.id === this.myId()) counts.mine++;
      if (c.status !== "open") counts[c.status]++;
      else if (c.assistant_state === "active") counts.open++;
    }
    return counts;
  }

  search(query: string, limit: number): SearchHit[] {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const digits = q.replace(/\D/g, "");
    const hits: SearchHit[] = [];
    for (const c of this.sorted()) {
      if (hits.length >= limit) break;
      const contact = this.contacts.get(c.contact_id);
      if (!contact) continue;
      const candidates: [MatchField, string | null][] = [
        ["name", contact.name],
        ["email", contact.email],
        ["phone", contact.phone],
      ];
      let hit: SearchHit | null = null;
      for (const [field, value] of candidates) {
        if (!value) continue;
        const phoneMatch =
          field === "phone" &&
          digits.length >= 3 &&
          value.replace(/\D/g, "").includes(digits);
        if (value.toLowerCase().includes(q) || phoneMatch) {
          hit = {
            row: this.row(c),
            matched: field,
            snippet: phoneMatch
              ? [{ text: value, highlighted: true }]
              : highlight(value, q),
          };
          break;
        }
      }
      if (!hit) {
        const message = [...(this.messages.get(c.id) ?? [])]
          .reverse()
          .find((m) => m.text.toLowerCase().includes(q));
        if (message) {
          hit = {
            row: this.row(c),
            matched: "message",
            snippet: highlight(around(message.text, q), q),
          };
        }
      }
      if (hit) hits.push(hit);
    }
    return hits;
  }

  pendingOutbox(conversationId: number): OutboxItem[] {
    return [...this.outbox.values()].filter(
      (o) => o.conversation_id === conversationId && o.state !== "sent",
    );
  }

  open(id: number): OpenedConversation {
    const conversation = this.conversations.get(id);
    if (!conversation) {
      throw {
        code: "not_found",
        message: `no conversation ${id}`,
      } satisfies IpcError;
    }
    const all = this.messages.get(id) ?? [];
    return {
      conversation,
      // Null when the cache lacks the contact, as the real command allows.
      contact: this.contacts.get(conversation.contact_id) ?? null,
      messages: this.#page(id, all, OPEN_PAGE),
      outbox: this.pendingOutbox(id),
    };
  }

  /** As the store: the newest `limit` of `cached`, and what lies beyond. */
  #page(id: number, cached: Message[], limit: number): MessagePage {
    const moreCached = cached.length > limit;
    const onServerOnly = (this.notDownloaded.get(id) ?? []).length > 0;
    return {
      messages: cached.slice(-limit),
      has_more: moreCached || onServerOnly,
      older_not_downloaded: !moreCached && onServerOnly,
      older_not_kept: !moreCached && !onServerOnly && this.notKept.has(id),
    };
  }

  /** As the sync engine: the cache first, then the server while reachable. */
  older(conversationId: number, before: number, limit: number): MessagePage {
    const cachedBefore = () =>
      (this.messages.get(conversationId) ?? []).filter((m) => m.id < before);
    const page = this.#page(conversationId, cachedBefore(), limit);
    if (!page.older_not_downloaded || !this.serverReachable) return page;
    const downloaded = this.notDownloaded.get(conversationId) ?? [];
    this.notDownloaded.delete(conversationId);
    this.messages.set(conversationId, [
      ...downloaded,
      ...(this.messages.get(conversationId) ?? []),
    ]);
    return this.#page(conversationId, cachedBefore(), limit);
  }

  contactDetail(contactId: number) {
    const contact = this.contacts.get(contactId);
    if (!contact) {
      throw {
        code: "not_found",
        message: "contact not found",
      } satisfies IpcError;
    }
    return {
      contact,
      conversations: this.sorted()
        .filter((c) => c.contact_id === contactId)
        .map((c) => this.contactConversation(c)),
    };
  }

  /** As the store: the first question only where the start is held. */
  contactConversation(c: Conversation): ContactConversation {
    const messages = this.messages.get(c.id) ?? [];
    const startMissing = (this.notDownloaded.get(c.id) ?? []).length > 0;
    const transfers = messages.flatMap((m) =>
      m.event?.kind === "transferred"
        ? [{ transferred_at: m.created_at, reason: m.event.reason || null }]
        : [],
    );
    // A transfer seen only as the conversation's state (no system message).
    if (
      c.transferred_at !== null &&
      !transfers.some((t) => t.transferred_at === c.transferred_at)
    )
      transfers.push({
        transferred_at: c.transferred_at,
        reason: c.transfer_reason,
      });
    transfers.sort((a, b) => a.transferred_at - b.transferred_at);
    return {
      ...this.row(c),
      first_question: startMissing
        ? null
        : (messages.find((m) => m.author === "customer")?.text ?? null),
      transfers,
      unanswered: messages.filter(
        (m) => m.author === "assistant" && m.unanswered === true,
      ).length,
    };
  }

  enqueue(conversationId: number, action: OutboxAction): OutboxItem {
    if (!this.conversations.has(conversationId)) {
      throw {
        code: "not_found",
        message: "no such conversation",
      } satisfies IpcError;
    }
    const item: OutboxItem = {
      id: this.#nextId++,
      conversation_id: conversationId,
      idempotency_key: crypto.randomUUID(),
      action,
      state: "pending",
      error: null,
      error_code: null,
      attempts: 0,
      created_at: this.now(),
      sent_seq: null,
    };
    this.outbox.set(item.id, item);
    this.emit({
      kind: "outbox_changed",
      conversation_id: conversationId,
      item_id: item.id,
      state: "pending",
    });
    this.emit({ kind: "conversations_changed", ids: [conversationId] });
    this.#schedule(item.id);
    return item;
  }

  #schedule(itemId: number) {
    const delay = this.#options.autoConfirmMs;
    if (delay === undefined) return;
    setTimeout(() => {
      const item = this.outbox.get(itemId);
      const text = item?.action.type === "reply" ? item.action.text : "";
      // The demo rejects replies that ask for it, to show the failed state.
      this.settle(
        itemId,
        text.includes("#fail") ? "rejected by the backend: demo failure" : null,
      );
    }, delay);
  }

  /** Confirms a write (`reason` null) or rejects it with `reason` (and the
   * server's `code`), like the sync engine would. */
  settle(itemId: number, reason: string | null, code: string | null = null) {
    const item = this.outbox.get(itemId);
    if (!item || item.state === "sent") return;
    const conversation = this.conversations.get(item.conversation_id);
    if (!conversation) return;
    if (reason !== null) {
      this.outbox.set(itemId, {
        ...item,
        state: "failed",
        error: reason,
        error_code: code,
        attempts: item.attempts + 1,
      });
      this.emit({
        kind: "outbox_changed",
        conversation_id: conversation.id,
        item_id: itemId,
        state: "failed",
      });
      return;
    }
    const seq = ++this.#seq;
    const me = this.session.type === "signed_in" ? this.session.me : null;
    let updated = conversation;
    let message: Message;
    switch (item.action.type) {
      case "reply":
        // As the server: who replies handles it.
        updated = { ...conversation, assignee: assigneeOf(me) };
        message = this.#message(conversation.id, "agent", item.action.text, me);
        break;
      case "set_assistant": {
        const state = item.action.state;
        // As the server: pausing takes it, resuming leaves it to nobody.
        const assignee =
          state === "active"
            ? null
            : state === "paused"
              ? assigneeOf(me)
              : conversation.assignee;
        updated = { ...conversation, assistant_state: state, assignee };
        const label = {
          active: "Assistant resumed",
          paused: "Assistant paused",
          blocked: "User blocked",
        }[state];
        message = this.#message(
          conversation.id,
          "system",
          `${label} by ${me?.name ?? "an agent"}`,
          null,
        );
        break;
      }
      case "close":
        updated = { ...conversation, status: "closed", assignee: null };
        message = this.#message(
          conversation.id,
          "system",
          `Closed by ${me?.name ?? "an agent"}`,
          null,
        );
        break;
    }
    this.addMessage({ ...updated }, message);
    this.outbox.set(itemId, { ...item, state: "sent", sent_seq: seq });
    this.emit({
      kind: "outbox_changed",
      conversation_id: conversation.id,
      item_id: itemId,
      state: "sent",
    });
  }

  /** As the shell's take: sent at once; the server's refusals as IPC errors. */
  take(conversationId: number, takeOver: boolean): Conversation {
    const { conversation, me } = this.#ownershipCall(conversationId, "take");
    if (conversation.status === "closed") {
      throw {
        code: "invalid_input",
        message: `conversation ${conversationId} is closed: nobody can take it`,
      } satisfies IpcError;
    }
    const holder = conversation.assignee;
    if (holder !== null && holder.id === me.id) return conversation;
    if (holder !== null && !takeOver) {
      throw {
        code: "handled_by_someone_else",
        message: `${holder.name} is handling conversation ${conversationId}`,
        holder: holder.name,
      } satisfies IpcError;
    }
    return this.#assign(conversation, assigneeOf(me));
  }

  /** As the shell's release: the holder's, or anyone's for a manager. */
  release(conversationId: number): Conversation {
    const { conversation, me } = this.#ownershipCall(conversationId, "release");
    const holder = conversation.assignee;
    if (holder === null) return conversation;
    if (holder.id !== me.id && me.role !== "manager") {
      throw {
        code: "handled_by_someone_else",
        message: `${holder.name} is handling conversation ${conversationId}; only they or a manager can release it`,
        holder: holder.name,
      } satisfies IpcError;
    }
    return this.#assign(conversation, null);
  }

  /** What a take or release needs: a session, the server, the conversation. */
  #ownershipCall(conversationId: number, what: string) {
    if (this.session.type !== "signed_in") {
      throw {
        code: "not_signed_in",
        message: "not signed in",
      } satisfies IpcError;
    }
    if (!this.serverReachable) {
      throw {
        code: "unreachable",
        message: `cannot ${what} the conversation while the server cannot be reached; nothing was changed, try again when back online`,
      } satisfies IpcError;
    }
    const conversation = this.conversations.get(conversationId);
    if (!conversation) {
      throw {
        code: "not_found",
        message: `conversation ${conversationId} not found`,
      } satisfies IpcError;
    }
    return { conversation, me: this.session.me };
  }

  /** A conversation_updated event: the new assignee, and the screen told. */
  #assign(conversation: Conversation, assignee: Assignee | null): Conversation {
    ++this.#seq;
    const updated = { ...conversation, assignee, updated_seq: this.#seq };
    this.conversations.set(conversation.id, updated);
    this.emit({ kind: "conversations_changed", ids: [conversation.id] });
    return updated;
  }

  /** Another user takes a conversation, as the stream would report it. */
  takenBy(conversationId: number, assignee: Assignee | null) {
    const conversation = this.conversations.get(conversationId);
    if (conversation) this.#assign(conversation, assignee);
  }

  retry(itemId: number): OutboxItem {
    const item = this.outbox.get(itemId);
    if (!item)
      throw { code: "not_found", message: "no such write" } satisfies IpcError;
    const retried: OutboxItem = {
      ...item,
      state: "pending",
      error: null,
      error_code: null,
    };
    this.outbox.set(itemId, retried);
    this.emit({
      kind: "outbox_changed",
      conversation_id: item.conversation_id,
      item_id: itemId,
      state: "pending",
    });
    this.#schedule(itemId);
    return retried;
  }

  discard(itemId: number) {
    const item = this.outbox.get(itemId);
    if (!item)
      throw { code: "not_found", message: "no such write" } satisfies IpcError;
    this.outbox.delete(itemId);
    this.emit({
      kind: "outbox_changed",
      conversation_id: item.conversation_id,
      item_id: itemId,
      state: "sent",
    });
    this.emit({ kind: "conversations_changed", ids: [item.conversation_id] });
    return null;
  }

  #message(
    conversationId: number,
    author: Message["author"],
    text: string,
    agent: { id: number; name: string } | null,
  ): Message {
    return {
      id: this.#nextId++,
      conversation_id: conversationId,
      author,
      agent_id: agent?.id ?? null,
      agent_name: agent?.name ?? null,
      text,
      created_at: this.now(),
      seq: this.#seq,
    };
  }

  /** Adds a message as a synced event would, and tells the screen. */
  addMessage(conversation: Conversation, message: Message) {
    const list = this.messages.get(conversation.id) ?? [];
    list.push(message);
    this.messages.set(conversation.id, list);
    this.conversations.set(conversation.id, {
      ...conversation,
      last_activity_at: message.created_at,
      last_message_preview:
        message.author === "system"
          ? conversation.last_message_preview
          : message.text.slice(0, 120),
    });
    this.emit({
      kind: "messages_added",
      conversation_id: conversation.id,
      message_ids: [message.id],
    });
    this.emit({ kind: "conversations_changed", ids: [conversation.id] });
  }

  /** A customer writes, as the backend's stream would report it. */
  customerSays(conversationId: number, text: string) {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return;
    this.addMessage(
      conversation,
      this.#message(conversationId, "customer", text, null),
    );
  }

  /** An agent replies, as the stream would report another agent's reply. */
  agentReplies(conversationId: number, agentName: string, text: string) {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return;
    this.addMessage(
      conversation,
      this.#message(conversationId, "agent", text, { id: 8, name: agentName }),
    );
  }

  /** The conversation is handed to a human. */
  transfer(conversationId: number, reason: string) {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return;
    const now = this.now();
    const updated: Conversation = {
      ...conversation,
      status: "transferred",
      assistant_state: "paused",
      transfer_reason: reason,
      transferred_at: now,
    };
    this.addMessage(
      updated,
      this.#message(
        conversationId,
        "system",
        `Transferred to a human: ${reason}`,
        null,
      ),
    );
    this.emit({ kind: "transfers_detected" });
  }

  setStatus(status: SyncStatus) {
    this.status = status;
    this.emit({ kind: "status", status });
  }
}

function assigneeOf(me: { id: number; name: string } | null): Assignee | null {
  return me && { id: me.id, name: me.name };
}

function demoSession(demo: boolean): Session {
  return {
    type: "signed_in",
    me: { id: 7, name: "Ana Souza", role: "agent" },
    base_url: demo ? "demo" : "https://assistant.example.com",
    demo,
    chatwoot_account: null,
  };
}

/** A window of a long text around the first match, as a snippet shows it. */
function around(text: string, q: string): string {
  const at = text.toLowerCase().indexOf(q);
  if (at <= 24) return text;
  return `…${text.slice(at - 16)}`;
}

/** Splits `text` around case-insensitive occurrences of `q`, as the store's snippets do. */
function highlight(text: string, q: string): TextSpan[] {
  const spans: TextSpan[] = [];
  const lower = text.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, from)) {
    if (at > from)
      spans.push({ text: text.slice(from, at), highlighted: false });
    spans.push({ text: text.slice(at, at + q.length), highlighted: true });
    from = at + q.length;
  }
  if (from < text.length)
    spans.push({ text: text.slice(from), highlighted: false });
  return spans;
}
