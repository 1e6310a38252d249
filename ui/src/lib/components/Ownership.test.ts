// Who handles a conversation: shown in the row and the chat header, taken
// and released from the header, and never taken from a colleague without
// asking first.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, test, vi } from "vitest";
import { setLanguage } from "../i18n.svelte";
import type { FakeBackend } from "../../dev/fakeBackend";
import { install, smallData } from "../../test/fixtures";
import ChatPane from "./ChatPane.svelte";
import ConversationList from "./ConversationList.svelte";

/** The fake backend's signed-in user (Ana Souza) and a colleague. */
const ME = { id: 7, name: "Ana Souza" };
const BEA = { id: 8, name: "Bea" };

function renderChat(
  conversationId: number,
  role: "agent" | "manager" = "agent",
) {
  return render(ChatPane, {
    conversationId,
    agentName: ME.name,
    role,
    myId: ME.id,
  });
}

/** The data set with conversation `id` handled by `assignee`. */
function handledBy(id: number, assignee: { id: number; name: string }) {
  const data = smallData();
  data.conversations = data.conversations.map((c) =>
    c.id === id ? { ...c, assignee } : c,
  );
  return data;
}

/** The chat header (inside the chat's section, so not a landmark). */
function chatHeader(): HTMLElement {
  const found = document.querySelector<HTMLElement>(".chat-header");
  if (!found) throw new Error("the chat header is not shown");
  return found;
}

async function header() {
  await screen.findByRole("log");
  return chatHeader();
}

function callsOf(backend: FakeBackend, cmd: string) {
  return backend.calls.filter((c) => c.cmd === cmd).map((c) => c.args);
}

function question() {
  return screen.getByRole("alertdialog");
}

/** The backend was asked once to release conversation 2, and the header
 * follows: nobody is shown handling it. */
async function expectReleased(backend: FakeBackend) {
  expect(callsOf(backend, "release_conversation"), "released once").toEqual([
    { conversationId: 2 },
  ]);
  await waitFor(() =>
    expect(
      chatHeader(),
      "once released nobody is shown handling it",
    ).not.toHaveTextContent("handling this"),
  );
}

describe("who handles a conversation", () => {
  test("the row and the chat header say who handles it", async () => {
    install(handledBy(2, BEA));
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    const list = await screen.findByRole("listbox");
    const joao = (await within(list).findAllByRole("option")).find((r) =>
      r.textContent?.includes("João Santos"),
    );
    expect(joao, "a colleague's conversation names them").toHaveTextContent(
      "Bea is handling this",
    );
    expect(
      joao,
      "and still says how long the customer waits",
    ).toHaveTextContent("Waiting 12 min");

    renderChat(2);
    expect(
      await header(),
      "the chat header says who handles it too",
    ).toHaveTextContent("Bea is handling this");
  });

  test("a colleague taking the open conversation shows at once, in the row and the header", async () => {
    const backend = install();
    render(ConversationList, { selectedId: 2, onOpen: vi.fn() });
    renderChat(2);
    await header();
    backend.takenBy(2, BEA);
    await waitFor(() =>
      expect(chatHeader(), "the header follows the stream").toHaveTextContent(
        "Bea is handling this",
      ),
    );
    await waitFor(() =>
      expect(
        screen.getByRole("listbox"),
        "the row follows the stream",
      ).toHaveTextContent("Bea is handling this"),
    );
    expect(
      screen.getByRole("button", { name: "Take" }),
      "it can still be taken over",
    ).toHaveAttribute("title", "Take over from Bea");
  });

  test("the user's own conversation reads 'You are handling this' and offers Release", async () => {
    const backend = install(handledBy(2, ME));
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    const list = await screen.findByRole("listbox");
    await waitFor(() =>
      expect(list, "the row says it is the user's").toHaveTextContent(
        "You are handling this",
      ),
    );
    renderChat(2);
    expect(await header()).toHaveTextContent("You are handling this");
    await userEvent.click(screen.getByRole("button", { name: "Release" }));
    await expectReleased(backend);
    expect(
      screen.getByRole("button", { name: "Take" }),
      "and it can be taken again",
    ).toBeInTheDocument();
  });

  test("a manager may release a colleague's conversation, after saying yes", async () => {
    const backend = install(handledBy(2, BEA));
    if (backend.session.type !== "signed_in") throw new Error("signed in");
    backend.session.me.role = "manager";
    renderChat(2, "manager");
    await header();
    const release = screen.getByRole("button", { name: "Release" });
    expect(release, "the button says what it does to Bea").toHaveAttribute(
      "title",
      "Put it back in the queue: Bea no longer handles it, and transfers wait and remind again",
    );

    await userEvent.click(release);
    expect(question(), "asked first, naming Bea").toHaveTextContent(
      "Bea is handling this — release it, so that nobody handles it?",
    );
    await userEvent.click(
      within(question()).getByRole("button", { name: "Cancel" }),
    );
    expect(
      callsOf(backend, "release_conversation"),
      "Cancel releases nothing",
    ).toEqual([]);
    expect(chatHeader()).toHaveTextContent("Bea is handling this");

    await userEvent.click(screen.getByRole("button", { name: "Release" }));
    await userEvent.click(
      within(question()).getByRole("button", { name: "Release" }),
    );
    await expectReleased(backend);
    expect(
      screen.queryByRole("button", { name: "Release" }),
      "nothing left to release",
    ).toBeNull();
  });

  test("an agent is offered Take on a colleague's conversation, not Release", async () => {
    install(handledBy(2, BEA));
    renderChat(2);
    await header();
    expect(screen.getByRole("button", { name: "Take" })).toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: "Release" }),
      "only a manager may release someone else's conversation",
    ).toBeNull();
  });

  test("Take on a conversation nobody handles takes it without asking, by keyboard too", async () => {
    const backend = install();
    renderChat(2);
    await header();
    const take = screen.getByRole("button", { name: "Take" });
    take.focus();
    await userEvent.keyboard("{Enter}");
    expect(callsOf(backend, "take_conversation"), "not a take-over").toEqual([
      { conversationId: 2, takeOver: false },
    ]);
    expect(screen.queryByRole("alertdialog"), "nobody to ask about").toBeNull();
    await waitFor(() =>
      expect(chatHeader()).toHaveTextContent("You are handling this"),
    );
  });

  test("Take on a colleague's conversation asks first, then takes it over", async () => {
    const backend = install(handledBy(2, BEA));
    renderChat(2);
    await header();
    await userEvent.click(screen.getByRole("button", { name: "Take" }));
    expect(question(), "the question names who handles it").toHaveTextContent(
      "Bea is handling this — take over?",
    );
    expect(
      callsOf(backend, "take_conversation"),
      "nothing is taken before the answer",
    ).toEqual([]);
    await userEvent.click(
      within(question()).getByRole("button", { name: "Take over" }),
    );
    expect(callsOf(backend, "take_conversation"), "a take-over").toEqual([
      { conversationId: 2, takeOver: true },
    ]);
    await waitFor(() =>
      expect(chatHeader()).toHaveTextContent("You are handling this"),
    );
  });

  test("a colleague who took it meanwhile: the server's refusal becomes the same question", async () => {
    const backend = install();
    renderChat(2);
    await header();
    // Taken on the server; this screen has not heard of it yet.
    const joao = backend.conversations.get(2)!;
    backend.conversations.set(2, { ...joao, assignee: BEA });
    await userEvent.click(screen.getByRole("button", { name: "Take" }));
    await waitFor(() =>
      expect(
        question(),
        "who took it is read again and asked about",
      ).toHaveTextContent("Bea is handling this — take over?"),
    );
    expect(screen.queryByRole("alert"), "not shown as a failure").toBeNull();
    await userEvent.click(
      within(question()).getByRole("button", { name: "Take over" }),
    );
    expect(callsOf(backend, "take_conversation")).toEqual([
      { conversationId: 2, takeOver: false },
      { conversationId: 2, takeOver: true },
    ]);
    await waitFor(() =>
      expect(chatHeader()).toHaveTextContent("You are handling this"),
    );
  });

  test("replying to a colleague's conversation asks first; Cancel keeps the text unsent", async () => {
    const backend = install(handledBy(2, BEA));
    renderChat(2);
    await header();
    const field = screen.getByRole("textbox", { name: /Reply to/ });
    await userEvent.type(field, "I'll help you{Enter}");
    expect(question()).toHaveTextContent(
      "Bea is handling this — take over and send?",
    );
    await userEvent.click(
      within(question()).getByRole("button", { name: "Cancel" }),
    );
    expect(callsOf(backend, "send_reply"), "nothing was sent").toEqual([]);
    expect(field, "what was typed is kept").toHaveValue("I'll help you");

    await userEvent.type(field, "{Enter}");
    await userEvent.click(
      within(question()).getByRole("button", { name: "Take over and send" }),
    );
    expect(
      callsOf(backend, "send_reply"),
      "sent once agreed (the server assigns it to the sender)",
    ).toEqual([{ conversationId: 2, text: "I'll help you" }]);
    await waitFor(() => expect(field).toHaveValue(""));
  });

  test("pausing the assistant on a colleague's conversation asks first", async () => {
    const backend = install(handledBy(1, BEA));
    renderChat(1);
    await header();
    await userEvent.click(
      screen.getByRole("button", { name: /Assistant Paused/ }),
    );
    expect(question()).toHaveTextContent(
      "Bea is handling this — take over and pause the assistant?",
    );
    expect(callsOf(backend, "set_assistant_state")).toEqual([]);
    await userEvent.click(
      within(question()).getByRole("button", { name: "Take over and pause" }),
    );
    expect(callsOf(backend, "set_assistant_state")).toEqual([
      { conversationId: 1, state: "paused" },
    ]);
  });

  test("Take while the server is unreachable says so and changes nothing", async () => {
    const backend = install();
    backend.serverReachable = false;
    renderChat(2);
    await header();
    await userEvent.click(screen.getByRole("button", { name: "Take" }));
    const alert = await screen.findByRole("alert");
    expect(alert, "the user learns why and what to do").toHaveTextContent(
      "Couldn't take this conversation: the server can't be reached. Nothing was changed; try again when back online.",
    );
    expect(chatHeader()).not.toHaveTextContent("handling this");
  });

  test("the Mine filter lists what the user handles, with its count", async () => {
    const data = handledBy(2, ME);
    data.conversations = data.conversations.map((c) =>
      c.id === 1 ? { ...c, assignee: BEA } : c,
    );
    install(data);
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    await screen.findByRole("listbox");
    const mine = screen.getByRole("button", { name: /^Mine/ });
    await waitFor(() =>
      expect(mine, "one conversation is the user's").toHaveTextContent(
        "Mine 1",
      ),
    );
    await userEvent.click(mine);
    await waitFor(async () => {
      const rows = within(screen.getByRole("listbox")).getAllByRole("option");
      expect(
        rows.map((r) => r.textContent?.includes("João Santos")),
        "only the user's own, not a colleague's",
      ).toEqual([true]);
    });
  });
});

describe("a refusal naming who handles it, in the user's language", () => {
  afterEach(() => setLanguage("en"));

  test("a release refused because Bea took it meanwhile names Bea in Portuguese", async () => {
    setLanguage("pt-BR");
    const backend = install(handledBy(2, ME));
    renderChat(2);
    await header();
    backend.failNext.set("release_conversation", {
      code: "handled_by_someone_else",
      message:
        "Bea is handling conversation 2; only they or a manager can release it",
      holder: "Bea",
    });
    await userEvent.click(screen.getByRole("button", { name: "Liberar" }));
    const alert = await screen.findByRole("alert");
    expect(alert, "who holds it, said in Portuguese").toHaveTextContent(
      "Não foi possível liberar esta conversa: Bea está atendendo esta conversa.",
    );
    expect(
      alert,
      "no English sentence inside the Portuguese one",
    ).not.toHaveTextContent(/is handling|manager/);
  });
});
