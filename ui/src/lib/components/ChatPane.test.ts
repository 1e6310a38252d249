import {
  fireEvent,
  render,
  screen,
  waitFor,
  within,
} from "@testing-library/svelte";
import { mockIPC } from "@tauri-apps/api/mocks";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, onTestFinished, test } from "vitest";
import {
  contact,
  conversation,
  install,
  message,
  NOW,
  smallData,
} from "../../test/fixtures";
import type { FakeBackend } from "../../dev/fakeBackend";
import { history as kept } from "../history.svelte";
import { setLanguage } from "../i18n.svelte";
import ChatPane from "./ChatPane.svelte";

const XSS = `<img src=x onerror="window.__xss=1"><b>bold</b><script>window.__xss=2</script>`;

/** As a manager: the tests of blocking need the role that may block. */
function renderChat(conversationId: number) {
  return render(ChatPane, {
    conversationId,
    agentName: "Ana Souza",
    role: "manager",
    myId: 7,
  });
}

/**
 * Holds the opening of conversation `id` until the returned function is
 * called: the pane is between two conversations meanwhile.
 */
function holdOpening(backend: FakeBackend, id: number): () => void {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  mockIPC(
    async (cmd, args) => {
      if (cmd === "open_conversation" && (args as { id: number }).id === id)
        await held;
      return backend.handle(cmd, args);
    },
    { shouldMockEvents: true },
  );
  return release;
}

async function history() {
  return screen.findByRole("log");
}

function control(name: RegExp) {
  return within(
    screen.getByRole("group", { name: "Assistant control" }),
  ).getByRole("button", { name });
}

describe("conversation history", () => {
  afterEach(() => setLanguage("en"));

  test("customer, assistant, agent and system entries are told apart", async () => {
    install();
    renderChat(2);
    const log = await history();
    const customer = (
      await within(log).findByText("I want my money back")
    ).closest(".message");
    expect(
      customer?.classList.contains("customer"),
      "customer messages sit on the right, in purple",
    ).toBe(true);
    const agent = within(log)
      .getByText("Hi, I'm Bruno. Looking into it.")
      .closest(".message");
    expect(
      agent?.classList.contains("agent"),
      "agent replies have their own style",
    ).toBe(true);
    expect(agent, "and carry the agent's name").toHaveTextContent("Bruno Lima");
    const event = await within(log).findByRole("note");
    expect(event, "system events are quiet separators").toHaveTextContent(
      "Transferred to a human: Refund request",
    );
    expect(event.querySelector("time"), "with their time").not.toBeNull();
  });

  test("system events read in the user's language; prose without data stays as sent", async () => {
    setLanguage("pt-BR");
    const data = smallData();
    data.messages.push(
      message(2, "system", "Assistant paused by Bruno Lima", {
        event: { kind: "paused", by: "Bruno Lima" },
      }),
    );
    install(data);
    renderChat(2);
    const log = await history();
    await within(log).findByText(/Assistente pausado por Bruno Lima/);
    const notes = await within(log).findAllByRole("note");
    expect(
      notes[0],
      "an older server's event, without data, is shown as it came",
    ).toHaveTextContent("Transferred to a human: Refund request");
    expect(
      notes.at(-1),
      "an event with data is worded from it, in Portuguese",
    ).toHaveTextContent("Assistente pausado por Bruno Lima");
  });

  test("the history is divided by day", async () => {
    const data = smallData();
    data.messages.unshift(
      message(1, "customer", "Hello from last week", {
        id: 0,
        created_at: NOW - 7 * 86_400_000,
      }),
    );
    install(data);
    renderChat(1);
    const log = await history();
    await waitFor(() => expect(log).toHaveTextContent("Hello from last week"));
    const days = (await within(log).findAllByRole("separator")).map((d) =>
      d.textContent?.trim(),
    );
    expect(days.length, "one separator per day").toBe(2);
    expect(days[1], "the newest day reads Today").toBe("Today");
  });

  test("assistant messages sit on the left in gray", async () => {
    install();
    renderChat(1);
    const log = await history();
    const bubble = (await within(log).findByText(/It ships tomorrow/)).closest(
      ".message",
    );
    expect(bubble?.classList.contains("assistant"), "assistant style").toBe(
      true,
    );
  });

  test("untrusted message text is shown literally and injects nothing", async () => {
    const data = smallData();
    data.messages.push(message(1, "customer", XSS));
    install(data);
    const { container } = renderChat(1);
    const log = await history();
    await waitFor(() =>
      expect(log.textContent, "the payload is visible as typed").toContain(XSS),
    );
    expect(
      container.querySelector("img, script, b"),
      "no element came from the text",
    ).toBeNull();
    expect(
      (window as { __xss?: number }).__xss,
      "no script ran",
    ).toBeUndefined();
  });

  test("links open in the system browser through the app, never in the webview", async () => {
    const backend = install();
    renderChat(1);
    const link = await screen.findByRole("button", {
      name: "https://track.example.com/48213",
    });
    expect(
      link.closest("a"),
      "no anchor that could navigate the webview",
    ).toBeNull();
    await userEvent.click(link);
    expect(
      backend.opened,
      "the open_external command receives the URL",
    ).toEqual(["https://track.example.com/48213"]);
  });

  test("message text is selectable", async () => {
    install();
    renderChat(1);
    const text = (await screen.findByText("Where is my order?")).closest(
      ".text",
    );
    expect(
      text?.classList.contains("selectable"),
      "people copy order numbers out of messages",
    ).toBe(true);
  });

  test("opening shows the newest page and scrolling up loads older messages", async () => {
    const data = smallData();
    for (let i = 0; i < 45; i++)
      data.messages.push(
        message(1, i % 2 ? "assistant" : "customer", `Line ${i}`),
      );
    const backend = install(data);
    renderChat(1);
    const log = await history();
    await waitFor(() =>
      expect(log, "the newest message is shown at once").toHaveTextContent(
        "Line 44",
      ),
    );
    expect(log, "the oldest is not loaded yet").not.toHaveTextContent(
      "Where is my order?",
    );
    log.scrollTop = 0;
    await fireEvent.scroll(log);
    await waitFor(() =>
      expect(
        backend.calls.some((c) => c.cmd === "older_messages"),
        "reaching the top asks for older messages",
      ).toBe(true),
    );
    // The older page lands above the line being read, which stays put (the
    // history is virtualized: what is far above is not in the page yet).
    await waitFor(async () => {
      log.scrollTop = 0;
      await fireEvent.scroll(log);
      expect(log, "scrolling up brings older history").toHaveTextContent(
        "Where is my order?",
      );
    });
    const older = backend.calls.find((c) => c.cmd === "older_messages");
    expect(
      older?.args,
      "asks for messages before the oldest loaded",
    ).toMatchObject({ conversationId: 1, limit: 25 });
    expect(log, "no more: the start is marked").toHaveTextContent(
      "Start of the conversation",
    );
  });

  test("on the way up, the next older page is fetched a couple of screens before the top", async () => {
    const data = smallData();
    for (let i = 0; i < 45; i++)
      data.messages.push(message(1, "customer", `Line ${i}`));
    const backend = install(data);
    renderChat(1);
    const log = await history();
    await within(log).findByText("Line 44");
    Object.defineProperty(log, "clientHeight", { value: 500 });
    const older = () =>
      backend.calls.filter((c) => c.cmd === "older_messages").length;
    log.scrollTop = 2000;
    await fireEvent.scroll(log);
    log.scrollTop = 2400;
    await fireEvent.scroll(log);
    expect(older(), "far from the top, or going down: nothing fetched").toBe(0);
    log.scrollTop = 900;
    await fireEvent.scroll(log);
    await waitFor(() =>
      expect(
        older(),
        "within two screens of the top on the way up: the page is fetched before the reader gets there",
      ).toBe(1),
    );
  });

  test("a history the cache holds only the end of never shows its start", async () => {
    const data = smallData();
    const backend = install(data);
    const cached = data.messages.filter((m) => m.conversation_id === 1);
    const firstCachedId = Math.min(...cached.map((m) => m.id));
    backend.notDownloaded.set(
      1,
      Array.from({ length: 20 }, (_, i) => ({
        ...message(1, "customer", `Before the first sync ${i}`),
        id: firstCachedId - 20 + i,
      })),
    );
    backend.serverReachable = false;
    renderChat(1);
    const log = await history();
    await waitFor(() => expect(log).toHaveTextContent("Load older messages"));
    expect(
      log,
      "older messages exist on the server: the start is not claimed",
    ).not.toHaveTextContent("Start of the conversation");

    await userEvent.click(
      within(log).getByRole("button", { name: "Load older messages" }),
    );
    await waitFor(() =>
      expect(
        log,
        "offline, the screen says they are not downloaded",
      ).toHaveTextContent("Older messages aren't downloaded yet"),
    );
    expect(log).not.toHaveTextContent("Start of the conversation");

    backend.serverReachable = true;
    await userEvent.click(
      within(log).getByRole("button", { name: "Try again" }),
    );
    // Older messages land above the line being read: scroll up to them.
    await waitFor(async () => {
      log.scrollTop = 0;
      await fireEvent.scroll(log);
      expect(log, "back online, the oldest arrives").toHaveTextContent(
        "Before the first sync 0",
      );
    });
    expect(log, "and only now is this the start").toHaveTextContent(
      "Start of the conversation",
    );
  });

  test("a history cut where history kept ends says so, not that it starts there", async () => {
    const backend = install();
    backend.notKept.add(1);
    kept.keep = "days90";
    try {
      renderChat(1);
      const log = await screen.findByRole("log");
      await waitFor(() =>
        expect(
          log,
          "older messages exist but are not kept: the screen says why they are missing",
        ).toHaveTextContent("Older messages are not kept (history: 90 days)"),
      );
      expect(log).not.toHaveTextContent("Start of the conversation");
      expect(
        within(log).queryByRole("button", { name: "Load older messages" }),
        "nothing older is to load",
      ).toBeNull();
    } finally {
      kept.keep = "all";
    }
  });

  test("a new message arrives live without reopening", async () => {
    const backend = install();
    renderChat(1);
    const log = await history();
    await waitFor(() => expect(log).toHaveTextContent("Where is my order?"));
    backend.customerSays(1, "Hello? Anyone?");
    await waitFor(() =>
      expect(log, "the stream adds it").toHaveTextContent("Hello? Anyone?"),
    );
    expect(
      backend.calls.filter((c) => c.cmd === "open_conversation").length,
      "refreshed through the same command, merged into what is loaded",
    ).toBe(2);
  });
  test("an opening answered after a newer refresh does not take its news back", async () => {
    const backend = install();
    // The opening's answer, read before the customer writes, arrives after
    // the refresh that the message caused.
    const deliver = backend.holdNext("open_conversation");
    renderChat(1);
    await waitFor(() =>
      expect(backend.calls.some((c) => c.cmd === "open_conversation")).toBe(
        true,
      ),
    );
    await new Promise((r) => setTimeout(r, 20)); // the pane listens
    backend.customerSays(1, "Hello? Anyone?");
    const log = await history();
    await waitFor(() => expect(log).toHaveTextContent("Hello? Anyone?"));
    deliver();
    await new Promise((r) => setTimeout(r, 20));
    expect(log, "the newer message stays").toHaveTextContent("Hello? Anyone?");
    expect(log, "and the opening's own are there").toHaveTextContent(
      "Where is my order?",
    );
  });
  test("a refresh answered after a newer one does not undo its state", async () => {
    const backend = install();
    renderChat(1);
    const log = await history();
    await waitFor(() => expect(log).toHaveTextContent("Where is my order?"));
    const opens = () =>
      backend.calls.filter((c) => c.cmd === "open_conversation").length;
    // The customer writes; the refresh that reads it is slow to answer,
    // and meanwhile the conversation is handed to a human.
    const deliver = backend.holdNext("open_conversation");
    backend.customerSays(1, "Hello? Anyone?");
    await waitFor(() => expect(opens()).toBe(2));
    backend.transfer(1, "asked for a human");
    expect(
      await screen.findByText(/Transferred: asked for a human/),
    ).toBeInTheDocument();
    deliver();
    await new Promise((r) => setTimeout(r, 20));
    expect(
      screen.getByText(/Transferred: asked for a human/),
      "the older answer (before the transfer) does not hide it",
    ).toBeInTheDocument();
    expect(log).toHaveTextContent("Hello? Anyone?");
  });
});

describe("assistant control", () => {
  test("shows the current state and pauses with one click", async () => {
    const backend = install();
    renderChat(1);
    await history();
    expect(
      control(/Assistant Active/),
      "the assistant is active",
    ).toHaveAttribute("aria-pressed", "true");
    await userEvent.click(control(/Assistant Paused/));
    expect(backend.calls.at(-1), "one click sends the intent").toMatchObject({
      cmd: "set_assistant_state",
      args: { conversationId: 1, state: "paused" },
    });
    expect(
      control(/Assistant Paused/),
      "shown at once, as pending",
    ).toHaveAttribute("aria-pressed", "true");
    expect(
      control(/Assistant Paused/),
      "until the backend confirms",
    ).toHaveTextContent("saving…");
    backend.settle([...backend.outbox.keys()][0], null);
    await waitFor(() =>
      expect(control(/Assistant Paused/)).not.toHaveTextContent("saving…"),
    );
    expect(control(/Assistant Paused/), "confirmed").toHaveAttribute(
      "aria-pressed",
      "true",
    );
  });

  test("blocking asks for confirmation, and cancelling sends nothing", async () => {
    const backend = install();
    renderChat(1);
    await history();
    await userEvent.click(control(/User Blocked/));
    const dialog = screen.getByRole("alertdialog", {
      name: /Block Maria Silva/,
    });
    expect(
      within(dialog).getByRole("button", { name: "Cancel" }),
      "the safe choice has focus",
    ).toHaveFocus();
    await userEvent.click(
      within(dialog).getByRole("button", { name: "Cancel" }),
    );
    expect(screen.queryByRole("alertdialog"), "the dialog closes").toBeNull();
    expect(
      backend.calls.some((c) => c.cmd === "set_assistant_state"),
      "nothing was sent",
    ).toBe(false);

    await userEvent.click(control(/User Blocked/));
    await userEvent.click(screen.getByRole("button", { name: "Block user" }));
    expect(backend.calls.at(-1), "confirming sends the block").toMatchObject({
      cmd: "set_assistant_state",
      args: { state: "blocked" },
    });
  });

  test("Esc cancels the blocking confirmation", async () => {
    const backend = install();
    renderChat(1);
    await history();
    await userEvent.click(control(/User Blocked/));
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("alertdialog"), "Esc closes it").toBeNull();
    expect(
      backend.calls.some((c) => c.cmd === "set_assistant_state"),
      "without blocking",
    ).toBe(false);
  });

  test("the reply field is enabled only while the assistant is paused", async () => {
    install();
    const { unmount } = renderChat(1);
    await history();
    expect(
      screen.getByRole("textbox", { name: /Reply to/ }),
      "the assistant answers: no human reply",
    ).toBeDisabled();
    expect(
      screen.getByRole("textbox", { name: /Reply to/ }),
      "and the field says why",
    ).toHaveAttribute("placeholder", "Pause the assistant to reply yourself.");
    unmount();
    renderChat(2);
    await history();
    expect(
      screen.getByRole("textbox", { name: /Reply to/ }),
      "paused after a transfer: the agent replies",
    ).toBeEnabled();
  });
});

describe("agent replies", () => {
  test("a reply shows as pending until the backend confirms it", async () => {
    const backend = install();
    renderChat(2);
    await history();
    const field = screen.getByRole("textbox", { name: /Reply to/ });
    await userEvent.type(field, "Your refund is on its way{Enter}");
    expect(backend.calls.at(-1), "Enter sends").toMatchObject({
      cmd: "send_reply",
      args: { conversationId: 2, text: "Your refund is on its way" },
    });
    expect(field, "the field is cleared once the reply is queued").toHaveValue(
      "",
    );
    const pending = screen
      .getByText("Your refund is on its way")
      .closest("[data-state]");
    expect(pending, "marked as pending").toHaveAttribute(
      "data-state",
      "pending",
    );
    expect(pending, "says it is sending").toHaveTextContent("Sending…");
    expect(
      pending?.classList.contains("agent"),
      "`.agent` marks a delivered agent message: a queued one is not it yet",
    ).toBe(false);
    expect(
      pending,
      "signed with the agent's name while queued too",
    ).toHaveTextContent("Ana Souza");

    backend.settle([...backend.outbox.keys()][0], null);
    await waitFor(() =>
      expect(screen.queryByText("Sending…"), "no longer pending").toBeNull(),
    );
    const sent = screen
      .getByText("Your refund is on its way")
      .closest(".message");
    expect(
      sent?.classList.contains("agent"),
      "now a confirmed agent message",
    ).toBe(true);
    expect(sent, "signed with the agent's name").toHaveTextContent("Ana Souza");
  });

  test("Shift+Enter adds a line and an empty reply is never sent", async () => {
    const backend = install();
    renderChat(2);
    await history();
    const field = screen.getByRole("textbox", { name: /Reply to/ });
    await userEvent.type(field, "   {Enter}");
    expect(
      backend.calls.some((c) => c.cmd === "send_reply"),
      "blank text is not a reply",
    ).toBe(false);
    await userEvent.clear(field);
    await userEvent.type(field, "Line one{Shift>}{Enter}{/Shift}Line two");
    expect(field, "Shift+Enter keeps typing on a new line").toHaveValue(
      "Line one\nLine two",
    );
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(
      backend.calls.at(-1)?.args,
      "both lines are sent as one reply",
    ).toMatchObject({
      text: "Line one\nLine two",
    });
  });

  test("a reply refused with a known code says why in the user's language", async () => {
    setLanguage("pt-BR");
    onTestFinished(() => setLanguage("en"));
    const backend = install();
    renderChat(2);
    await history();
    await userEvent.type(
      screen.getByRole("textbox", { name: /Responder a/ }),
      "Olá{Enter}",
    );
    const itemId = [...backend.outbox.keys()][0];
    backend.settle(
      itemId,
      "conversation 2 is closed and accepts no replies",
      "conversation_closed",
    );
    const alert = await screen.findByRole("alert");
    expect(alert, "the code is worded in Portuguese").toHaveTextContent(
      "Não enviada: a conversa está encerrada",
    );
    expect(
      alert,
      "the server's English is not what a Portuguese agent reads",
    ).not.toHaveTextContent("accepts no replies");
  });

  test("a rejected reply shows the reason, and can be retried or discarded", async () => {
    const backend = install();
    renderChat(2);
    await history();
    await userEvent.type(
      screen.getByRole("textbox", { name: /Reply to/ }),
      "Hello{Enter}",
    );
    const itemId = [...backend.outbox.keys()][0];
    backend.settle(itemId, "conversation is closed on the server");
    const alert = await screen.findByRole("alert");
    expect(alert, "the reason is shown").toHaveTextContent(
      "Not sent: conversation is closed on the server",
    );

    await userEvent.click(within(alert).getByRole("button", { name: "Retry" }));
    expect(backend.calls.at(-1), "retry is sent for that write").toMatchObject({
      cmd: "retry_write",
      args: { itemId },
    });
    await waitFor(() =>
      expect(screen.getByText("Sending…"), "pending again").toBeInTheDocument(),
    );

    backend.settle(itemId, "still refused");
    const again = await screen.findByRole("alert");
    await userEvent.click(
      within(again).getByRole("button", { name: "Discard" }),
    );
    expect(backend.calls.at(-1), "discard is sent").toMatchObject({
      cmd: "discard_write",
      args: { itemId },
    });
    await waitFor(() =>
      expect(
        screen.queryByText("Hello"),
        "the discarded reply is gone",
      ).toBeNull(),
    );
  });

  test("a reply that cannot be queued stays in the field with the error shown", async () => {
    const backend = install();
    renderChat(2);
    await history();
    backend.failNext.set("send_reply", { code: "store", message: "disk full" });
    const field = screen.getByRole("textbox", { name: /Reply to/ });
    await userEvent.type(field, "Important answer{Enter}");
    expect(
      await screen.findByRole("alert"),
      "the failure is visible",
    ).toHaveTextContent("disk full");
    expect(field, "nothing typed is lost").toHaveValue("Important answer");
  });

  test("close conversation sends the intent and shows progress", async () => {
    const backend = install();
    renderChat(1);
    await history();
    await userEvent.click(
      screen.getByRole("button", { name: "Close conversation" }),
    );
    expect(backend.calls.at(-1), "close is sent").toMatchObject({
      cmd: "close_conversation",
      args: { conversationId: 1 },
    });
    expect(
      screen.getByRole("button", { name: "Closing…" }),
      "pending close is visible",
    ).toBeDisabled();
    backend.settle([...backend.outbox.keys()][0], null);
    await waitFor(() =>
      expect(
        screen.getByText("Closed", { selector: ".status" }),
        "now closed",
      ).toBeInTheDocument(),
    );
    expect(
      screen.getByRole("textbox", { name: /Reply to/ }),
      "no replies in a closed conversation",
    ).toBeDisabled();
  });
});

describe("conversation header", () => {
  afterEach(() => setLanguage("en"));

  test("a transferred conversation shows why and how long the customer waits", async () => {
    install();
    renderChat(2);
    await history();
    expect(
      screen.getByRole("heading", { name: "João Santos" }),
      "the contact's name heads the chat",
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Transferred: Refund request/),
      "the reason and waiting time",
    ).toHaveTextContent("waiting 12 min");
  });

  test("in Spanish the header, controls and reply field read in Spanish", async () => {
    setLanguage("es");
    install();
    renderChat(2);
    await history();
    expect(
      screen.getByText(/Transferida: Refund request/),
      "the reason stays the customer's; the wait is an Intl duration",
    ).toHaveTextContent("esperando 12 min");
    expect(
      screen.getByRole("group", { name: "Control del asistente" }),
    ).toHaveTextContent(
      /Asistente activo.*Asistente en pausa.*Usuario bloqueado/,
    );
    expect(
      screen.getByRole("textbox", { name: "Responder a João Santos" }),
      "paused for a human: the field says how to send",
    ).toHaveAttribute(
      "placeholder",
      "Responder a João Santos…  (Enter para enviar, Mayús+Enter para una línea nueva)",
    );
  });

  test("a conversation whose contact is not cached yet still opens", async () => {
    const data = smallData();
    data.conversations.push(conversation(9, 99, { last_activity_at: NOW }));
    install(data);
    renderChat(9);
    expect(
      await screen.findByRole("heading", { name: "Unknown contact" }),
      "a missing contact must not break the chat",
    ).toBeInTheDocument();
  });

  test("a contact name is rendered as text", async () => {
    const data = smallData();
    data.contacts.push(contact(9, XSS));
    data.conversations.push(conversation(9, 9, { last_activity_at: NOW }));
    install(data);
    const { container } = renderChat(9);
    expect(
      await screen.findByRole("heading", { name: XSS }),
      "the name is shown as typed",
    ).toBeInTheDocument();
    expect(
      container.querySelector("img, script, b"),
      "nothing injected",
    ).toBeNull();
  });
});

describe("another conversation selected", () => {
  test("the pane is kept and shows the next conversation's history in place of the last", async () => {
    install();
    const view = renderChat(1);
    const log = await history();
    await within(log).findByText("Where is my order?");
    await view.rerender({ conversationId: 2 });
    await within(log).findByText("I want my money back");
    expect(
      screen.getByRole("log"),
      "the same history element: the pane was not built again",
    ).toBe(log);
    expect(
      log,
      "nothing of the last conversation is left",
    ).not.toHaveTextContent("Where is my order?");
    expect(
      screen.getByRole("heading", { name: "João Santos" }),
      "the header is the next conversation's",
    ).toBeInTheDocument();
  });

  test("until the next one arrives, the controls act on the conversation still shown", async () => {
    const backend = install();
    const view = renderChat(2);
    await within(await history()).findByText("I want my money back");
    const release = holdOpening(backend, 1);
    await view.rerender({ conversationId: 1 });
    expect(
      screen.getByRole("log"),
      "still João's history, marked busy while the next opens",
    ).toHaveAttribute("aria-busy", "true");
    await userEvent.click(
      screen.getByRole("button", { name: "Close conversation" }),
    );
    expect(
      backend.calls.find((c) => c.cmd === "close_conversation")?.args,
      "Close closes the conversation the user sees, not the one still loading",
    ).toMatchObject({ conversationId: 2 });
    release();
    await within(screen.getByRole("log")).findByText("Where is my order?");
    expect(
      screen.getByRole("log"),
      "Maria's conversation shown: no longer busy",
    ).toHaveAttribute("aria-busy", "false");
    expect(
      within(screen.getByRole("log")).queryByText(/Closing|Close/),
      "João's pending close is not listed under Maria's history",
    ).toBeNull();
  });

  test("a draft stays with its conversation: the next one's field starts empty", async () => {
    install();
    const view = renderChat(2);
    await history();
    const field = screen.getByRole("textbox", { name: /Reply to/ });
    await userEvent.type(field, "Half a thought");
    await view.rerender({ conversationId: 1 });
    await screen.findByRole("heading", { name: "Maria Silva" });
    expect(
      screen.getByRole("textbox", { name: /Reply to/ }),
      "what was typed to João is not offered to Maria",
    ).toHaveValue("");
  });

  test("a message to reveal in the next conversation is found there, not in the last", async () => {
    const data = smallData();
    const target = data.messages.find(
      (m) => m.text === "I want my money back",
    )!;
    install(data);
    const view = renderChat(1);
    await within(await history()).findByText("Where is my order?");
    await view.rerender({
      conversationId: 2,
      focus: { messageId: target.id, seq: 1 },
    });
    const log = screen.getByRole("log");
    await waitFor(() =>
      expect(
        log.querySelector(".entry.highlight")?.getAttribute("data-message-id"),
        "the message is highlighted in the conversation it belongs to",
      ).toBe(String(target.id)),
    );
    expect(
      screen.queryByRole("alert"),
      "no 'message not found' from looking in the last conversation",
    ).toBeNull();
  });
});
