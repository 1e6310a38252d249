import {
  fireEvent,
  render,
  screen,
  waitFor,
  within,
} from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  contact,
  conversation,
  firstSyncPage,
  install,
  NOW,
  smallData,
  sync,
} from "../../test/fixtures";
import { prefetchFirstList } from "../firstList";
import { firstPaintDone, firstPaintPending } from "../startup";
import type { FirstList } from "../bindings/FirstList";
import type { ListQuery } from "../bindings/ListQuery";
import { history } from "../history.svelte";
import { setLanguage } from "../i18n.svelte";
import ConversationList from "./ConversationList.svelte";

const XSS = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;

async function rows() {
  const list = await screen.findByRole("listbox");
  return within(list).findAllByRole("option");
}

/** The contact names of the rows shown, top first. */
function rowNames(list: HTMLElement) {
  return within(list)
    .getAllByRole("option")
    .map((o) => o.querySelector(".name")?.textContent?.trim());
}

/** Renders the list, then runs `check` on fake timers with a count of
 * the list's queries so far. */
async function withPacedList(check: (queries: () => number) => Promise<void>) {
  const backend = install();
  render(ConversationList, { selectedId: null, onOpen: vi.fn() });
  await rows();
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  try {
    await check(
      () => backend.calls.filter((c) => c.cmd === "list_conversations").length,
    );
  } finally {
    vi.useRealTimers();
  }
}

/** `count` changes of conversation 1, one every `everyMs` (fake time). */
async function changesEvery(count: number, everyMs: number) {
  for (let i = 0; i < count; i++) {
    await sync({ kind: "conversations_changed", ids: [1] });
    await vi.advanceTimersByTimeAsync(everyMs);
  }
}

function chip(name: string) {
  return screen.getByRole("button", { name: new RegExp(`^${name}`) });
}

describe("conversation list", () => {
  afterEach(() => setLanguage("en"));

  test("shows each conversation with its contact, preview and relative time", async () => {
    install();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    const found = await rows();
    expect(found.length, "all four conversations fit on the first page").toBe(
      4,
    );
    expect(found[0], "newest activity first").toHaveTextContent("Maria Silva");
    expect(found[0], "the row previews the last message").toHaveTextContent(
      "Where is my order?",
    );
    expect(found[0], "two minutes ago reads compactly").toHaveTextContent("2m");
  });

  test("a transferred row stands out and says how long the customer has waited", async () => {
    install();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    const joao = (await rows()).find((r) =>
      r.textContent?.includes("João Santos"),
    );
    expect(joao, "the transferred conversation is listed").toBeDefined();
    expect(joao, "transferred 12 minutes ago").toHaveTextContent(
      "Waiting 12 min",
    );
    expect(
      joao?.classList.contains("transferred"),
      "it is styled apart from the others",
    ).toBe(true);
  });

  test("in Portuguese the row, its wait and the filters read in Portuguese", async () => {
    setLanguage("pt-BR");
    install();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    const joao = (await rows()).find((r) =>
      r.textContent?.includes("João Santos"),
    );
    expect(
      joao,
      "the wait is a Portuguese sentence around an Intl duration",
    ).toHaveTextContent("Esperando há 12 min");
    expect(chip("Transferidas"), "the chips are translated").toBeEnabled();
    expect(
      screen.getByRole("searchbox", { name: "Buscar conversas" }),
      "the search field's label too",
    ).toHaveAttribute("placeholder", "Buscar contatos e mensagens");
  });

  test("an answered transfer says who replied, and waits again when the customer writes", async () => {
    const backend = install();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    const joao = async () =>
      (await rows()).find((r) => r.textContent?.includes("João Santos"));
    expect(await joao()).toHaveTextContent("Waiting 12 min");

    backend.agentReplies(2, "Bruno Lima", "Hi João, Bruno here");
    await waitFor(async () =>
      expect(
        await joao(),
        "answered: not waiting, and who answered shows",
      ).toHaveTextContent("Bruno Lima replied 0 sec ago"),
    );
    expect(await joao()).not.toHaveTextContent("Waiting");

    backend.customerSays(2, "Are you still there?");
    await waitFor(async () =>
      expect(
        await joao(),
        "the customer wrote again: waiting again, from that message",
      ).toHaveTextContent("Waiting 0 sec"),
    );
  });

  test("filter counts stay current while a search is shown", async () => {
    const backend = install();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    await rows();
    await waitFor(() => expect(chip("Transferred")).toHaveTextContent("1"));
    await userEvent.type(screen.getByRole("searchbox"), "Maria");
    await waitFor(() =>
      expect(
        screen.getByRole("listbox", { name: "Search results" }),
      ).toBeInTheDocument(),
    );
    backend.transfer(1, "asked for a person");
    await waitFor(() =>
      expect(
        chip("Transferred"),
        "a live transfer is counted though the search hides the list",
      ).toHaveTextContent("2"),
    );
  });

  test("the Open filter lists what the assistant is answering, not paused ones", async () => {
    const data = smallData();
    data.conversations = data.conversations.map((c) =>
      c.contact_id === 1
        ? { ...c, status: "open", assistant_state: "paused" }
        : c,
    );
    install(data);
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    await rows();
    expect(
      chip("Open"),
      "Maria's assistant is paused: a human has it, so nothing is open",
    ).toHaveTextContent("0");
    await userEvent.click(chip("Open"));
    await waitFor(() =>
      expect(
        screen.queryAllByRole("option"),
        "the Open list does not show a paused conversation",
      ).toHaveLength(0),
    );
  });

  test("relative times keep ticking without a reload", async () => {
    const backend = install();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    const { clock } = await import("../clock.svelte");
    const stop = clock.use();
    const joao = () => screen.getByText(/Waiting/);
    await rows();
    expect(joao(), "starts at 12 minutes").toHaveTextContent("Waiting 12 min");
    clock.now = NOW + 10 * 60_000;
    await waitFor(() =>
      expect(joao(), "ten minutes later the badge follows").toHaveTextContent(
        "Waiting 22 min",
      ),
    );
    expect(
      backend.calls.filter((c) => c.cmd === "list_conversations").length,
      "ticking needs no query",
    ).toBe(1);
    stop();
  });

  test("filter chips show counts and filter the list", async () => {
    const backend = install();
    render(ConversationList, { selectedId: 2, onOpen: vi.fn() });
    await rows();
    expect(chip("All"), "four conversations in all").toHaveTextContent("4");
    expect(chip("Open"), "one open").toHaveTextContent("1");
    expect(chip("Closed"), "two closed").toHaveTextContent("2");
    expect(chip("Transferred"), "one transferred").toHaveTextContent("1");
    expect(chip("Selected"), "one conversation is open now").toHaveTextContent(
      "1",
    );

    await userEvent.click(chip("Closed"));
    await waitFor(async () =>
      expect((await rows()).length, "only the closed ones").toBe(2),
    );
    expect(chip("Closed"), "the active filter is announced").toHaveAttribute(
      "aria-pressed",
      "true",
    );

    await userEvent.click(chip("Selected"));
    await waitFor(async () => {
      const only = await rows();
      expect(only.length, "only the open conversation").toBe(1);
      expect(only[0], "and it is João's").toHaveTextContent("João Santos");
    });
    const lastQuery = backend.calls
      .filter((c) => c.cmd === "list_conversations")
      .at(-1);
    expect(
      lastQuery?.args.query,
      "the Rust side receives the filter and the selection",
    ).toMatchObject({
      filter: "selected",
      selected: 2,
    });
  });

  test("search finds by name, email, phone and message, with the match highlighted", async () => {
    install();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    await rows();
    const search = screen.getByRole("searchbox", {
      name: "Search conversations",
    });

    await userEvent.type(search, "money");
    const results = await screen.findByRole("listbox", {
      name: "Search results",
    });
    await waitFor(() =>
      expect(
        within(results).getAllByRole("option").length,
        "one message matches",
      ).toBe(1),
    );
    const mark = within(results).getByText("money");
    expect(mark.tagName, "the matching words are highlighted").toBe("MARK");

    await userEvent.clear(search);
    await userEvent.type(search, "98765");
    await waitFor(() => {
      const results = screen.getByRole("listbox", { name: "Search results" });
      expect(results, "digits find a phone number").toHaveTextContent(
        "Maria Silva",
      );
      expect(results, "which field matched is said").toHaveTextContent(
        "Phone:",
      );
    });

    await userEvent.clear(search);
    await userEvent.type(search, "li@example");
    await waitFor(() =>
      expect(
        screen.getByRole("listbox", { name: "Search results" }),
      ).toHaveTextContent("Li Wei"),
    );
  });

  test("a search without results says so", async () => {
    install();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    await rows();
    await userEvent.type(screen.getByRole("searchbox"), "zebra");
    expect(
      await screen.findByText("No results"),
      "an empty result is explained",
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Nothing matches “zebra”/),
      "with the query",
    ).toBeInTheDocument();
  });

  test("search results say they cover only the history kept", async () => {
    install();
    history.keep = "year";
    try {
      render(ConversationList, { selectedId: null, onOpen: vi.fn() });
      await rows();
      await userEvent.type(screen.getByRole("searchbox"), "money");
      expect(
        await screen.findByText(
          "Results cover the last 1 year: older messages are not kept.",
        ),
        "a search that finds nothing older than a year says so",
      ).toBeInTheDocument();
    } finally {
      history.keep = "all";
    }
  });

  test("each keystroke asks for its results at once, and the newest text wins", async () => {
    const backend = install();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    await rows();
    const search = screen.getByRole("searchbox");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    try {
      const asked = () =>
        backend.calls
          .filter((c) => c.cmd === "search_conversations")
          .map((c) => c.args.query);
      await fireEvent.input(search, { target: { value: "m" } });
      await vi.advanceTimersByTimeAsync(1);
      expect(
        asked(),
        "a keystroke's results are asked for at once: a pause would be felt",
      ).toEqual(["m"]);
      await fireEvent.input(search, { target: { value: "ma" } });
      await fireEvent.input(search, { target: { value: "mar" } });
      await vi.advanceTimersByTimeAsync(1);
      expect(asked().at(-1), "what was typed last is what is searched").toBe(
        "mar",
      );
    } finally {
      vi.useRealTimers();
    }
  });

  test("Esc in the search field clears it and brings the list back", async () => {
    install();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    await rows();
    const search = screen.getByRole("searchbox");
    await userEvent.type(search, "zebra");
    await screen.findByText("No results");
    await userEvent.keyboard("{Escape}");
    expect(search, "Esc empties the field").toHaveValue("");
    await waitFor(async () =>
      expect((await rows()).length, "the full list is back").toBe(4),
    );
  });

  test("with no conversations at all, an empty state explains what will appear", async () => {
    install({ contacts: [], conversations: [], messages: [] });
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    expect(
      await screen.findByText("No conversations yet"),
      "an empty cache is not a blank column",
    ).toBeInTheDocument();
  });

  test("during the first sync an empty list says the data is on its way", async () => {
    install({ contacts: [], conversations: [], messages: [] });
    render(ConversationList, {
      selectedId: null,
      onOpen: vi.fn(),
      syncing: true,
    });
    expect(
      await screen.findByText("Syncing conversations…"),
      "an empty cache mid-sync is not 'no conversations'",
    ).toBeInTheDocument();
  });

  test("an empty filter has its own message", async () => {
    const data = smallData();
    data.conversations = data.conversations.filter(
      (c) => c.status !== "transferred",
    );
    install(data);
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    await rows();
    await userEvent.click(chip("Transferred"));
    expect(
      await screen.findByText("Nobody is waiting"),
      "no transferred conversation is good news",
    ).toBeInTheDocument();
  });

  test("names and snippets are rendered as text, never as HTML", async () => {
    const data = smallData();
    data.contacts.push(contact(9, XSS));
    data.conversations.push(
      conversation(9, 9, { last_message_preview: XSS, last_activity_at: NOW }),
    );
    install(data);
    const { container } = render(ConversationList, {
      selectedId: null,
      onOpen: vi.fn(),
    });
    const first = (await rows())[0];
    expect(first.textContent, "the payload shows literally").toContain(XSS);
    await userEvent.type(screen.getByRole("searchbox"), "onerror");
    await waitFor(() =>
      expect(
        screen.getByRole("listbox", { name: "Search results" }),
      ).toHaveTextContent("window.__xss"),
    );
    expect(
      container.querySelector("img, script"),
      "no element was injected",
    ).toBeNull();
    expect(
      (window as { __xss?: number }).__xss,
      "no script ran",
    ).toBeUndefined();
  });

  test("live changes update rows in place and keep the selection and scroll position", async () => {
    const backend = install();
    render(ConversationList, { selectedId: 3, onOpen: vi.fn() });
    const list = await screen.findByRole("listbox");
    await rows();
    list.scrollTop = 40;
    backend.customerSays(3, "Actually, one more question");
    await waitFor(() => {
      const li = within(list).getAllByRole("option")[0];
      expect(
        li,
        "the conversation with new activity moves to the top",
      ).toHaveTextContent("Li Wei");
      expect(li, "with its new preview").toHaveTextContent(
        "Actually, one more question",
      );
    });
    expect(
      within(list).getByRole("option", { selected: true }),
      "the selection follows the conversation, not the position",
    ).toHaveTextContent("Li Wei");
    expect(list.scrollTop, "the list did not jump back to the top").toBe(40);
  });

  test("a new conversation above the viewport does not move the rows being read", async () => {
    const contacts = [contact(1, "Bulk Customer"), contact(2, "Newcomer")];
    const conversations = Array.from({ length: 60 }, (_, i) =>
      conversation(i + 1, 1, { last_message_preview: `Message ${i + 1}` }),
    );
    const backend = install({ contacts, conversations, messages: [] });
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    const list = await screen.findByRole("listbox");
    await rows();
    list.scrollTop = 10 * 66 + 20;
    await fireEvent.scroll(list);
    backend.conversations.set(
      61,
      conversation(61, 2, { last_activity_at: NOW }),
    );
    await sync({ kind: "conversations_changed", ids: [61] });
    await waitFor(() =>
      expect(
        list.scrollTop,
        "the view follows the row it showed, one row further down",
      ).toBe(11 * 66 + 20),
    );
  });

  test("rows do not slide away under the pointer; a pill brings the new ones into view", async () => {
    const backend = install();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    const list = await screen.findByRole("listbox");
    await rows();
    await fireEvent.pointerEnter(list.parentElement!);
    backend.customerSays(3, "New question");
    await waitFor(() =>
      expect(list.scrollTop, "the rows under the pointer stay put").toBe(66),
    );
    expect(
      within(list).getAllByRole("option")[0],
      "the new activity is above",
    ).toHaveTextContent("Li Wei");
    await userEvent.click(
      screen.getByRole("button", { name: "↑ New activity" }),
    );
    expect(list.scrollTop, "the pill scrolls to the newest").toBe(0);
    await fireEvent.scroll(list);
    await waitFor(() =>
      expect(
        screen.queryByRole("button", { name: "↑ New activity" }),
        "and goes away at the top",
      ).toBeNull(),
    );
  });

  test("rows keep their order while the pointer aims at one, and re-sort once it rests", async () => {
    const backend = install();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    const list = await screen.findByRole("listbox");
    await rows();
    const names = () => rowNames(list);
    const before = names();
    expect(before[2], "Li Wei is third").toBe("Li Wei");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    try {
      // The hand moves towards Li Wei's row as Li Wei writes.
      await fireEvent.pointerMove(list.parentElement!);
      backend.customerSays(3, "Are you there?");
      await vi.advanceTimersByTimeAsync(300);
      await fireEvent.pointerMove(list.parentElement!);
      await vi.advanceTimersByTimeAsync(300);
      expect(names(), "nothing moved under the aiming pointer").toEqual(before);
      // A button held down on a row holds the order too, however long.
      await fireEvent.pointerDown(list.parentElement!);
      await vi.advanceTimersByTimeAsync(1000);
      expect(names(), "nor under the pressed button").toEqual(before);
      await fireEvent.pointerUp(list.parentElement!);
      // The pointer rests: the change is shown.
      await vi.advanceTimersByTimeAsync(700);
      expect(names()[0], "the new activity comes to the top").toBe("Li Wei");
    } finally {
      vi.useRealTimers();
    }
  });

  test("a pointer that never rests holds the rows at most three seconds; leaving shows the change at once", async () => {
    const backend = install();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    const list = await screen.findByRole("listbox");
    await rows();
    const first = () => rowNames(list)[0];
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    try {
      await fireEvent.pointerMove(list.parentElement!);
      backend.customerSays(3, "Hello?");
      let waited = 0;
      while (first() !== "Li Wei" && waited < 5000) {
        await fireEvent.pointerMove(list.parentElement!);
        await vi.advanceTimersByTimeAsync(100);
        waited += 100;
      }
      expect(waited, "held while the pointer moved").toBeGreaterThanOrEqual(
        2900,
      );
      expect(waited, "but not for ever").toBeLessThanOrEqual(3300);

      // João writes too: his row would leave the third place for the
      // second, just under Li Wei's (both as new as it gets).
      const second = () => rowNames(list)[1];
      expect(second()).toBe("Maria Silva");
      await fireEvent.pointerMove(list.parentElement!);
      backend.customerSays(2, "Still waiting");
      await vi.advanceTimersByTimeAsync(100);
      expect(second(), "held again for the next change").toBe("Maria Silva");
      await fireEvent.pointerLeave(list.parentElement!);
      // At the live pace: a query every 100 ms at most.
      await vi.advanceTimersByTimeAsync(150);
      expect(second(), "the pointer left: shown at once").toBe("João Santos");
    } finally {
      vi.useRealTimers();
    }
  });

  test("the first load shows the page prefetched at start, then reads what changed meanwhile", async () => {
    const backend = install();
    prefetchFirstList();
    await new Promise((r) => setTimeout(r, 0)); // the prefetch is answered
    const prefetchedAt = backend.calls.length;
    // A first sync lands between the prefetch and the list listening.
    backend.conversations.set(
      99,
      conversation(99, 1, { last_message_preview: "arrived during start" }),
    );
    firstPaintPending();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    expect((await rows()).length, "the prefetched page is shown").toBe(4);
    await new Promise((r) => setTimeout(r, 100));
    expect(
      backend.calls
        .slice(prefetchedAt)
        .find((c) => c.cmd === "list_conversations"),
      "the list asks neither before showing the prefetched page nor before it is painted",
    ).toBeUndefined();
    firstPaintDone();
    await waitFor(async () =>
      expect(
        (await rows()).length,
        "the conversation that arrived meanwhile is read once it is painted",
      ).toBe(5),
    );
  });

  test("a first page served with the document is shown without asking, then what changed is read", async () => {
    const backend = install();
    const query = { filter: "all", selected: null, after: null, limit: 100 };
    const served = {
      query,
      page: backend.list(query as ListQuery),
      counts: backend.counts(),
    } as FirstList;
    // Arrived after the document was served.
    backend.conversations.set(
      99,
      conversation(99, 1, { last_message_preview: "arrived during start" }),
    );
    prefetchFirstList(served);
    firstPaintPending();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    expect(
      (await rows()).length,
      "the served page is shown as it was served",
    ).toBe(4);
    await new Promise((r) => setTimeout(r, 100));
    expect(
      backend.calls.find((c) => c.cmd === "list_conversations"),
      "not asked for before it is shown and painted",
    ).toBeUndefined();
    firstPaintDone();
    await waitFor(async () =>
      expect(
        (await rows()).length,
        "what arrived since is read once it is painted",
      ).toBe(5),
    );
  });

  test("the list takes the focus once the first screen is painted, not before", async () => {
    install();
    firstPaintPending();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    const list = await screen.findByRole("listbox");
    await rows();
    await new Promise((r) => setTimeout(r, 50));
    expect(
      document.activeElement,
      "focusing lays the page out at once: not before the window's first frame",
    ).toBe(document.body);
    firstPaintDone();
    await waitFor(() =>
      expect(list, "then the list has it, its cursor on a row").toHaveFocus(),
    );
  });

  test("rows that come after the start's offer found none take the focus from the search, unless the user typed", async () => {
    for (const typed of [false, true]) {
      const backend = install();
      const all = new Map(backend.conversations);
      // Served an empty list and a finished sync, read a moment apart.
      backend.conversations.clear();
      firstPaintDone();
      const { unmount } = render(ConversationList, {
        selectedId: null,
        onOpen: vi.fn(),
      });
      await screen.findByText("No conversations yet");
      const search = screen.getByRole("searchbox");
      await waitFor(() =>
        expect(search, "no rows: the offer goes to the search").toHaveFocus(),
      );
      if (typed) await userEvent.keyboard("m");
      for (const [id, c] of all) backend.conversations.set(id, c);
      await sync({ kind: "conversations_changed", ids: [...all.keys()] });
      if (typed) {
        await waitFor(() =>
          expect(screen.queryAllByRole("option").length).toBeGreaterThan(0),
        );
        await new Promise((r) => setTimeout(r, 200));
        expect(search, "whoever typed keeps the search").toHaveFocus();
      } else {
        const list = await screen.findByRole("listbox");
        await waitFor(() =>
          expect(list, "the rows it waited for take the focus").toHaveFocus(),
        );
        expect(
          list.getAttribute("aria-activedescendant"),
          "its cursor on the first conversation",
        ).toBe(within(list).getAllByRole("option")[0].id);
      }
      unmount();
    }
  });

  test("a burst of events is coalesced into one query", async () => {
    const backend = install();
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    await rows();
    const before = backend.calls.filter(
      (c) => c.cmd === "list_conversations",
    ).length;
    // Ten events in one burst, as a busy stream delivers them.
    await Promise.all(
      Array.from({ length: 10 }, () =>
        sync({ kind: "conversations_changed", ids: [1] }),
      ),
    );
    await new Promise((r) => setTimeout(r, 400));
    const after = backend.calls.filter(
      (c) => c.cmd === "list_conversations",
    ).length;
    expect(after - before, "ten events, one refresh").toBe(1);
  });

  test("a live change reaches the list within a frame, and a busy stream is paced", async () => {
    await withPacedList(async (queries) => {
      const before = queries();
      await sync({ kind: "conversations_changed", ids: [1] });
      await vi.advanceTimersByTimeAsync(20);
      expect(queries() - before, "one change, queried within a frame").toBe(1);
      // A steady stream: an event every 10 ms for one second.
      await changesEvery(100, 10);
      await vi.advanceTimersByTimeAsync(200);
      const during = queries() - before - 1;
      expect(
        during,
        "the list keeps up while the stream lasts (every 100 ms)",
      ).toBeGreaterThanOrEqual(8);
      expect(during, "never a query per event").toBeLessThanOrEqual(12);
    });
  });

  test("during the first sync the list catches up every three seconds, then the live pace returns", async () => {
    await withPacedList(async (queries) => {
      await vi.advanceTimersByTimeAsync(200);
      const before = queries();
      await sync({ kind: "status", status: firstSyncPage(1, 100_000) });
      await vi.advanceTimersByTimeAsync(20);
      expect(queries() - before, "the first page lands at once").toBe(1);
      // Pages of the first sync: one every 50 ms for nine seconds.
      await changesEvery(180, 50);
      const during = queries() - before - 1;
      expect(
        during,
        "about one read every three seconds",
      ).toBeGreaterThanOrEqual(2);
      expect(during, "not one a second").toBeLessThanOrEqual(4);
      const beforeLast = queries();
      await sync({ kind: "conversations_changed", ids: [1] });
      await vi.advanceTimersByTimeAsync(3100);
      expect(
        queries(),
        "the last page is read once the stream stops",
      ).toBeGreaterThan(beforeLast);

      await sync({ kind: "status", status: { kind: "live" } });
      await vi.advanceTimersByTimeAsync(1100);
      const live = queries();
      await changesEvery(100, 10);
      expect(
        queries() - live,
        "live again: every 100 ms",
      ).toBeGreaterThanOrEqual(8);
    });
  });

  test("scrolling near the end loads the next page", async () => {
    const contacts = [contact(1, "Bulk Customer")];
    const conversations = Array.from({ length: 250 }, (_, i) =>
      conversation(i + 1, 1, { last_message_preview: `Message ${i + 1}` }),
    );
    const backend = install({ contacts, conversations, messages: [] });
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    const list = await screen.findByRole("listbox");
    await rows();
    expect(
      backend.calls.filter((c) => c.cmd === "list_conversations").length,
      "one page at first",
    ).toBe(1);
    list.scrollTop = 100 * 66 - 700;
    await fireEvent.scroll(list);
    await waitFor(() =>
      expect(
        backend.calls.filter((c) => c.cmd === "list_conversations").length,
        "the second page is fetched",
      ).toBe(2),
    );
    const second = backend.calls.filter(
      (c) => c.cmd === "list_conversations",
    )[1];
    expect(
      second.args.query,
      "it continues after the last row loaded",
    ).toMatchObject({
      after: { id: 100 },
      limit: 100,
    });
  });

  test("a refresh deeper than one store page keeps the rows already loaded", async () => {
    const contacts = [contact(1, "Bulk Customer")];
    const conversations = Array.from({ length: 650 }, (_, i) =>
      conversation(i + 1, 1, { last_message_preview: `Message ${i + 1}` }),
    );
    const backend = install({ contacts, conversations, messages: [] });
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    const list = await screen.findByRole("listbox");
    await rows();
    const setSize = () =>
      Number(
        within(list).getAllByRole("option")[0].getAttribute("aria-setsize"),
      );
    for (let loaded = 100; loaded < 650; loaded += 100) {
      list.scrollTop = loaded * 66 - 700;
      await fireEvent.scroll(list);
      await waitFor(() =>
        expect(setSize(), "the next page arrives").toBe(
          Math.min(loaded + 100, 650),
        ),
      );
    }
    await sync({ kind: "conversations_changed", ids: [1] });
    await waitFor(() =>
      expect(
        backend.calls.filter((c) => c.cmd === "list_conversations").at(-1)?.args
          .query,
        "the refresh asks for one full store page",
      ).toMatchObject({ after: null, limit: 500 }),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(
      setSize(),
      "rows past the refreshed page are kept, not dropped",
    ).toBe(650);
  });

  test("clicking a row opens that conversation", async () => {
    install();
    const onOpen = vi.fn();
    render(ConversationList, { selectedId: null, onOpen });
    const li = (await rows()).find((r) => r.textContent?.includes("Li Wei"));
    await userEvent.click(li!);
    expect(onOpen, "the screen is told which one").toHaveBeenCalledWith(3);
  });
});
