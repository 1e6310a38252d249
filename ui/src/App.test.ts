import { emit } from "@tauri-apps/api/event";
import {
  fireEvent,
  render,
  screen,
  waitFor,
  within,
} from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, test } from "vitest";
import App from "./App.svelte";
import { EVENTS } from "./lib/bindings/events";
import { cacheDamage } from "./lib/cacheDamage.svelte";
import { firstSyncPage, install, NOW, smallData, sync } from "./test/fixtures";
import type { SyncProblem } from "./lib/bindings/SyncProblem";
import type { Boot } from "./lib/bindings/Boot";
import type { FakeBackend } from "./dev/fakeBackend";
import { setLanguage } from "./lib/i18n.svelte";

/** Fills the sign-in form and submits it. */
async function signIn(url: string, token: string) {
  await userEvent.type(await screen.findByLabelText("Backend URL"), url);
  await userEvent.type(screen.getByLabelText("Access token"), token);
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
}

/** The sync engine reports a failure of this kind. */
async function syncFails(problem: SyncProblem, reason: string) {
  await sync({ kind: "status", status: { kind: "error", problem, reason } });
}

/** The status banner whose title is `title`. */
async function bannerTitled(title: string) {
  return (await screen.findByText(title)).closest(".banner") as HTMLElement;
}

async function listRows() {
  const list = await screen.findByRole("listbox", { name: "Conversations" });
  await waitFor(() =>
    expect(within(list).getAllByRole("option").length).toBeGreaterThan(0),
  );
  return list;
}

/** Opens João's conversation (a human has taken over) and sends `text`. */
async function replyToJoao(list: HTMLElement, text: string) {
  await userEvent.click(within(list).getByText("João Santos"));
  await userEvent.type(
    await screen.findByRole("textbox", { name: /Reply to/ }),
    `${text}{Enter}`,
  );
}

describe("sign-in", () => {
  test("signing in with a backend URL and token opens the conversations", async () => {
    const backend = install(smallData(), {});
    render(App);
    await signIn("https://assistant.example.com", "good-token");
    await listRows();
    expect(
      backend.calls.find((c) => c.cmd === "sign_in")?.args,
      "URL and token reach the Rust side",
    ).toEqual({
      baseUrl: "https://assistant.example.com",
      token: "good-token",
      consent: { allow_insecure: false, discard_unsent: false },
    });
  });

  test("plain http to another machine is sent only after a visible confirmation", async () => {
    const backend = install(smallData(), {});
    render(App);
    await signIn("http://assistant.example.com", "good-token");
    const dialog = await screen.findByRole("alertdialog", {
      name: "Send the token unencrypted?",
    });
    expect(
      backend.session.type,
      "nothing signed in before the user agreed",
    ).toBe("signed_out");
    await userEvent.click(
      within(dialog).getByRole("button", {
        name: "Send the token unencrypted",
      }),
    );
    await listRows();
    expect(
      backend.calls.filter((c) => c.cmd === "sign_in").at(-1)?.args,
      "the retry carries the consent",
    ).toMatchObject({ consent: { allow_insecure: true } });
  });

  test("another account's unsent work is discarded only after asking", async () => {
    const backend = install(smallData(), {});
    backend.unsentOfAnotherUser = 2;
    render(App);
    await signIn("https://assistant.example.com", "good-token");
    const dialog = await screen.findByRole("alertdialog", {
      name: "Sign in and discard unsent work?",
    });
    await userEvent.click(
      within(dialog).getByRole("button", { name: "Cancel" }),
    );
    expect(
      backend.session.type,
      "cancelling keeps the other account's work and signs no one in",
    ).toBe("signed_out");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await userEvent.click(
      await screen.findByRole("button", { name: "Discard and sign in" }),
    );
    await listRows();
    expect(
      backend.calls.filter((c) => c.cmd === "sign_in").at(-1)?.args,
      "the retry carries the consent to discard",
    ).toMatchObject({ consent: { discard_unsent: true } });
  });

  test("without a keyring, the sign-in screen says where the token will be kept", async () => {
    const backend = install(smallData(), {});
    backend.tokenStorage = {
      kind: "private_file",
      path: "/home/ana/.config/switchboard/backend-token",
    };
    render(App);
    const help = await screen.findByText(/No system keyring is available/);
    expect(help, "the file is named").toHaveTextContent(
      "/home/ana/.config/switchboard/backend-token",
    );
    expect(
      screen.queryByText(/never on disk in plain text/),
      "no false promise",
    ).toBeNull();
  });

  test("a rejected token is explained and the form stays filled", async () => {
    install(smallData(), {});
    render(App);
    await signIn("https://assistant.example.com", "wrong");
    expect(
      await screen.findByRole("alert"),
      "the unauthorized code gets its own message",
    ).toHaveTextContent("rejected this token");
    expect(
      screen.getByLabelText("Backend URL"),
      "nothing to retype",
    ).toHaveValue("https://assistant.example.com");
  });

  test("an unreachable backend is explained differently from a bad token", async () => {
    install(smallData(), {});
    render(App);
    await signIn("https://unreachable.example.com", "good-token");
    expect(
      await screen.findByRole("alert"),
      "the unreachable code says to check the address",
    ).toHaveTextContent("Can't reach https://unreachable.example.com");
  });

  test("demo mode signs in without a backend of one's own", async () => {
    const backend = install(smallData(), {});
    render(App);
    await userEvent.click(
      await screen.findByRole("button", { name: "Try demo mode" }),
    );
    await listRows();
    expect(
      backend.calls.some((c) => c.cmd === "sign_in_demo"),
      "the demo command was used",
    ).toBe(true);
    expect(
      screen.getByText("Demo"),
      "the screen says it is a demo",
    ).toBeInTheDocument();
  });

  test("the reason the shell gives for ending a session is said in the page's language", async () => {
    const backend = install();
    backend.systemLanguage = "pt-BR";
    render(App);
    const list = await screen.findByRole("listbox", { name: "Conversas" });
    await waitFor(() =>
      expect(within(list).getAllByRole("option").length).toBeGreaterThan(0),
    );
    await emit(EVENTS.session, {
      type: "signed_out",
      reason: { kind: "token_refused" },
    });
    expect(
      await screen.findByText(/Sua sessão terminou/),
      "the shell names the reason; the page words it",
    ).toBeInTheDocument();
  });

  test("a sign-in the app was started with that failed: the form comes filled in and says why", async () => {
    const backend = install(smallData(), {});
    backend.session = {
      type: "signed_out",
      reason: {
        kind: "launch_sign_in_failed",
        given: { server: "switchboard", base_url: "http://127.0.0.1:8080" },
        error: { code: "unauthorized", message: "HTTP 401" },
      },
    };
    render(App);
    expect(
      await screen.findByText(/The sign-in Switchboard was started with/),
      "the screen says it is here because the given sign-in failed",
    ).toBeInTheDocument();
    expect(
      screen.getByRole("alert"),
      "and why, as a sign-in from the form would",
    ).toHaveTextContent("The backend rejected this token.");
    expect(screen.getByLabelText("Backend URL")).toHaveValue(
      "http://127.0.0.1:8080",
    );
    const token = screen.getByLabelText("Access token");
    expect(token, "the token is never filled in").toHaveValue("");
    expect(token, "it is what is left to type").toHaveFocus();
    await userEvent.type(token, "good-token");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await listRows();
    expect(
      backend.calls.find((c) => c.cmd === "sign_in")?.args,
      "the given server with the typed token",
    ).toMatchObject({ baseUrl: "http://127.0.0.1:8080", token: "good-token" });
  });

  test("a Chatwoot sign-in given at launch that failed comes back as Chatwoot, in the page's language", async () => {
    const backend = install(smallData(), {});
    backend.systemLanguage = "pt-BR";
    backend.session = {
      type: "signed_out",
      reason: {
        kind: "launch_sign_in_failed",
        given: {
          server: "chatwoot",
          base_url: "https://chat.example.com",
          account_id: 7,
        },
        error: { code: "unauthorized", message: "HTTP 401" },
      },
    };
    render(App);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "O Chatwoot recusou este token de acesso.",
    );
    expect(screen.getByRole("radio", { name: "Chatwoot" })).toBeChecked();
    expect(screen.getByLabelText("URL do Chatwoot")).toHaveValue(
      "https://chat.example.com",
    );
    expect(screen.getByLabelText("ID da conta")).toHaveValue("7");
    expect(
      screen.getByText(/O login com que o Switchboard foi aberto/),
    ).toBeInTheDocument();
  });

  test("when the session ends, the sign-in screen says why", async () => {
    install();
    render(App);
    await listRows();
    await sync({ kind: "status", status: { kind: "signed_out" } });
    expect(
      await screen.findByText(/Your session has ended/),
      "a clear reason",
    ).toBeInTheDocument();
    expect(
      screen.getByRole("button", { name: "Sign in" }),
      "and a way forward",
    ).toBeInTheDocument();
  });

  test("signing out with nothing unsent returns to the sign-in screen at once", async () => {
    const backend = install();
    render(App);
    await listRows();
    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(
      await screen.findByLabelText("Backend URL"),
      "back to sign-in",
    ).toBeInTheDocument();
    expect(
      backend.calls.some((c) => c.cmd === "sign_out"),
      "the Rust side forgot the session",
    ).toBe(true);
  });

  test("signing out with unsent replies asks first; Cancel keeps them", async () => {
    const backend = install();
    render(App);
    const list = await listRows();
    await replyToJoao(list, "On it");
    await waitFor(() => expect(backend.outbox.size).toBe(1));

    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    const question = await screen.findByRole("alertdialog", {
      name: "Sign out and discard unsent work?",
    });
    expect(question).toHaveTextContent(
      "1 reply or action has not reached the backend yet",
    );
    expect(
      within(question).getByRole("button", { name: "Cancel" }),
      "the safe answer has the focus",
    ).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(
      backend.calls.some((c) => c.cmd === "sign_out"),
      "cancelled: still signed in",
    ).toBe(false);
    expect(backend.outbox.size, "the reply is still queued").toBe(1);

    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    await userEvent.click(
      within(
        await screen.findByRole("alertdialog", { name: /Sign out/ }),
      ).getByRole("button", { name: "Sign out" }),
    );
    expect(await screen.findByLabelText("Backend URL")).toBeInTheDocument();
    expect(backend.outbox.size, "confirmed: discarded with the account").toBe(
      0,
    );
  });

  test("when unsent work cannot be counted, signing out still asks", async () => {
    const backend = install();
    backend.failNext.set("unsent_writes", {
      code: "store",
      message: "database is locked",
    });
    render(App);
    await listRows();
    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(
      await screen.findByRole("alertdialog", { name: /Sign out/ }),
    ).toHaveTextContent("would be discarded");
  });

  test("a failure at start is shown with a retry", async () => {
    const backend = install();
    backend.failNext.set("session", {
      code: "store",
      message: "the cache file is locked",
    });
    render(App);
    expect(
      await screen.findByRole("alert"),
      "the reason is shown",
    ).toHaveTextContent("the cache file is locked");
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    await listRows();
  });
});

describe("the state the document was served with", () => {
  afterEach(() => setLanguage("en"));

  /** The document's state, as the shell writes it for this backend now. */
  function served(backend: FakeBackend, language = "en"): Boot {
    return {
      session: backend.session,
      status: { kind: "live" },
      language,
      theme: "system",
      first_list: null,
    };
  }

  test("builds the screen without waiting for the session's answer", async () => {
    const backend = install();
    const boot = served(backend);
    // The answers are slow: the served state alone builds the screen.
    const deliverSession = backend.hold("session");
    const deliverStatus = backend.hold("sync_status");
    render(App, { boot });
    const list = await listRows();
    expect(list, "the list is shown before the answers").toBeInTheDocument();
    expect(screen.getByText("Live")).toBeInTheDocument();
    deliverSession();
    deliverStatus();
  });

  test("what only confirms it or fills the top bar is read after the first list is painted", async () => {
    const backend = install();
    render(App, { boot: served(backend) });
    await listRows();
    await waitFor(() =>
      expect(backend.calls.some((c) => c.cmd === "waiting")).toBe(true),
    );
    const order = (cmd: string) =>
      backend.calls.findIndex((c) => c.cmd === cmd);
    const painted = order("app_ready");
    expect(painted, "the first list was painted").toBeGreaterThanOrEqual(0);
    for (const cmd of [
      "session",
      "sync_status",
      "waiting",
      "notifications_paused",
      "cache_set_aside",
    ])
      expect(order(cmd), `${cmd} waits for the first frame`).toBeGreaterThan(
        painted,
      );
  });

  test("is a snapshot: a different answer that follows wins", async () => {
    const backend = install();
    const boot = served(backend);
    // Signed out between serving the document and the page's question.
    backend.session = { type: "signed_out", reason: { kind: "token_refused" } };
    backend.status = { kind: "signed_out" };
    render(App, { boot });
    expect(
      await screen.findByText(/Your session has ended/),
      "the answer replaces the served state",
    ).toBeInTheDocument();
    expect(screen.queryByRole("listbox", { name: "Conversations" })).toBeNull();
  });
});

describe("the sync status at launch", () => {
  test("a status heard while the first answer is on its way is not undone by it", async () => {
    const backend = install();
    // Read while the first sync starts; the page gets it after the
    // first sync has ended, e.g. because its language had to load.
    backend.status = firstSyncPage(0, 0);
    const deliver = backend.hold("sync_status");
    render(App);
    await waitFor(() =>
      expect(backend.calls.some((c) => c.cmd === "sync_status")).toBe(true),
    );
    await sync({ kind: "status", status: { kind: "live" } });
    deliver();
    await listRows();
    expect(
      await screen.findByText("Live"),
      "the newer news stands",
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/First sync/),
      "no first sync is claimed once it is over",
    ).toBeNull();
  });
});

describe("session events", () => {
  test("a session ended while the launch's answer is on its way stays ended", async () => {
    const backend = install();
    const deliver = backend.hold("session");
    render(App);
    await waitFor(() =>
      expect(backend.calls.some((c) => c.cmd === "session")).toBe(true),
    );
    await emit(EVENTS.session, {
      type: "signed_out",
      reason: { kind: "token_refused" },
    });
    deliver();
    expect(
      await screen.findByText(/Your session has ended/),
      "the refusal is said",
    ).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 20));
    expect(
      screen.queryByRole("listbox", { name: "Conversations" }),
      "the older answer (signed in) does not bring the screen back",
    ).toBeNull();
  });

  test("a session event from the shell (token refused) returns to sign-in with the reason", async () => {
    install();
    render(App);
    await listRows();
    await new Promise((r) => setTimeout(r, 20));
    await emit(EVENTS.session, { type: "signed_out" });
    expect(
      await screen.findByText(/Your session has ended/),
      "the user learns why the screen changed",
    ).toBeInTheDocument();
  });

  test("the shell is told once when the first list is painted", async () => {
    const backend = install();
    render(App);
    await listRows();
    await waitFor(() =>
      expect(
        backend.calls.filter((c) => c.cmd === "app_ready").length,
        "start-up time is measured from this call",
      ).toBe(1),
    );
    await sync({ kind: "conversations_changed", ids: [1] });
    await new Promise((r) => setTimeout(r, 300));
    expect(
      backend.calls.filter((c) => c.cmd === "app_ready").length,
      "refreshes do not report again",
    ).toBe(1);
  });
});

describe("sync states", () => {
  test("the first sync shows a progress bar", async () => {
    const backend = install();
    backend.status = {
      kind: "bootstrapping",
      pages_done: 3,
      conversations_done: 2_500,
      total: 10_000,
    };
    render(App);
    const bar = await screen.findByRole("progressbar", { name: "First sync" });
    expect(bar, "a quarter done").toHaveAttribute("aria-valuenow", "25");
    expect(
      screen.getByText(/2,500 of 10,000 conversations/),
      "in words too",
    ).toBeInTheDocument();
    await sync({ kind: "status", status: { kind: "live" } });
    await waitFor(() =>
      expect(screen.queryByRole("progressbar"), "gone once live").toBeNull(),
    );
  });

  test("before the first page, the progress bar is indeterminate", async () => {
    const backend = install();
    backend.status = {
      kind: "bootstrapping",
      pages_done: 0,
      conversations_done: 0,
      total: null,
    };
    render(App);
    const bar = await screen.findByRole("progressbar", { name: "First sync" });
    expect(
      bar,
      "no made-up percentage while the total is unknown",
    ).not.toHaveAttribute("aria-valuenow");
  });

  test("offline shows since when and that cached data is shown", async () => {
    install();
    render(App);
    await listRows();
    const since = NOW - 7 * 60_000;
    await sync({
      kind: "status",
      status: { kind: "offline", since, reason: "connection refused" },
    });
    const banner = await screen.findByText(/showing cached data/);
    expect(banner, "how long it has been offline").toHaveTextContent(
      "7 min ago",
    );
    expect(
      banner,
      "the technical reason waits behind Details",
    ).not.toHaveTextContent("connection refused");
    const details = within(banner).getByRole("button", { name: "Details" });
    expect(details).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(details);
    expect(banner, "why, on demand").toHaveTextContent("connection refused");
    expect(
      within(banner).getByRole("button", { name: "Hide details" }),
    ).toHaveAttribute("aria-expanded", "true");
    expect(
      screen.getAllByRole("option").length,
      "the cached list stays usable",
    ).toBe(4);
  });

  test("offline, an unconfirmed reply reads as queued, not sending", async () => {
    const backend = install();
    render(App);
    const list = await listRows();
    await replyToJoao(list, "Back soon");
    const pending = await screen.findByText("Sending…", {
      selector: ".status",
    });
    await sync({
      kind: "status",
      status: { kind: "offline", since: NOW, reason: "connection refused" },
    });
    await waitFor(() =>
      expect(pending, "nothing is being sent").toHaveTextContent(
        "Queued until back online",
      ),
    );
    const row = within(list).getByRole("option", { name: /João Santos/ });
    await waitFor(() =>
      expect(row, "the row says so too").toHaveTextContent("Queued"),
    );
    await sync({ kind: "status", status: { kind: "live" } });
    await waitFor(() => expect(pending).toHaveTextContent("Sending…"));
    expect(backend.outbox.size, "still the one reply").toBe(1);
  });

  test("a sync error explains and offers to sign in again", async () => {
    install();
    render(App);
    await listRows();
    await syncFails(
      "bad_server_answer",
      "bad response from the server: unknown protocol",
    );
    const alert = await screen.findByRole("alert");
    expect(alert, "what happened, in the user's words").toHaveTextContent(
      "Sync interrupted: the server sent something this version of Switchboard cannot read. Switchboard keeps trying by itself",
    );
    expect(
      alert,
      "the technical reason waits behind Details",
    ).not.toHaveTextContent("unknown protocol");
    await userEvent.click(
      within(alert).getByRole("button", { name: "Details" }),
    );
    expect(alert, "the reason").toHaveTextContent("unknown protocol");
    await userEvent.click(
      within(alert).getByRole("button", { name: "Sign in again" }),
    );
    expect(
      await screen.findByLabelText("Backend URL"),
      "the way forward works",
    ).toBeInTheDocument();
  });
});

describe("the screen", () => {
  test("with nothing selected, the center says how to start", async () => {
    install();
    render(App);
    await listRows();
    expect(
      screen.getByText("No conversation selected"),
      "an empty center is explained",
    ).toBeInTheDocument();
  });

  test("a window nobody has touched builds no pane ahead", async () => {
    const backend = install();
    render(App);
    const list = await listRows();
    // A window shown under a resting pointer hears a move to where it rests.
    fireEvent.pointerMove(list, { clientX: 300, clientY: 200 });
    fireEvent.pointerMove(list, { clientX: 300, clientY: 200 });
    await new Promise((r) => setTimeout(r, 300));
    expect(
      backend.calls.some((c) => c.cmd === "open_conversation"),
      "nothing read for a pane",
    ).toBe(false);
    expect(screen.queryByRole("log", { hidden: true })).toBeNull();
  });

  test("a key pressed builds the pane ahead too", async () => {
    install();
    render(App);
    await listRows();
    await userEvent.keyboard("j");
    expect(
      await screen.findByRole("log", { hidden: true, name: /^Messages with/ }),
    ).toBeInTheDocument();
    expect(screen.getByText("No conversation selected")).toBeInTheDocument();
  });

  test("the first opening updates a pane built ahead, out of reach until then", async () => {
    const backend = install();
    render(App);
    const list = await listRows();
    const top = within(list).getAllByRole("option")[0];
    const opened = () =>
      backend.calls.filter((c) => c.cmd === "open_conversation");
    // The pointer moving over the window, on its way to a row: the pane is
    // built for the top conversation.
    fireEvent.pointerMove(list, { clientX: 300, clientY: 200 });
    fireEvent.pointerMove(list, { clientX: 296, clientY: 190 });
    const log = await screen.findByRole("log", {
      hidden: true,
      name: /^Messages with/,
    });
    expect(opened(), "read once, for the pane built ahead").toHaveLength(1);
    expect(
      screen.queryByRole("log"),
      "hidden from assistive technology",
    ).toBeNull();
    // Svelte sets `inert` as a property (jsdom does not reflect it).
    const pane = log.closest(".pane") as HTMLElement & { inert?: boolean };
    expect(pane.inert, "out of reach of focus").toBe(true);
    expect(
      screen.getByText("No conversation selected"),
      "nothing is claimed open",
    ).toBeInTheDocument();
    await userEvent.keyboard("p");
    expect(
      backend.calls.some((c) => c.cmd === "set_assistant_state"),
      "p acts on an opened conversation only",
    ).toBe(false);
    await userEvent.click(top);
    expect(
      await screen.findByRole("log", { name: /^Messages with/ }),
      "the same pane, opened",
    ).toBe(log);
    expect(pane.inert).toBe(false);
    expect(opened(), "read again as it is opened").toHaveLength(2);
    expect(opened()[1].args).toEqual(opened()[0].args);
    expect(screen.queryByText("No conversation selected")).toBeNull();
  });

  test("opening a conversation fills the chat and the contact panel", async () => {
    install();
    render(App);
    const list = await listRows();
    await userEvent.click(within(list).getByText("João Santos"));
    expect(
      await screen.findByRole("log", { name: "Messages with João Santos" }),
      "history",
    ).toBeInTheDocument();
    const panel = await screen.findByRole("complementary", {
      name: "Contact details",
    });
    await waitFor(() =>
      expect(panel, "contact").toHaveTextContent("+55 21 91234-5678"),
    );
    expect(
      within(list).getByRole("option", { selected: true }),
      "the row is marked selected",
    ).toHaveTextContent("João Santos");
  });

  test("clicking another row keeps the chat and contact panes and swaps in that conversation", async () => {
    install();
    render(App);
    const list = await listRows();
    await userEvent.click(within(list).getAllByText("Maria Silva")[0]);
    const log = await screen.findByRole("log", {
      name: "Messages with Maria Silva",
    });
    const panel = screen.getByRole("complementary", {
      name: "Contact details",
    });
    await waitFor(() => expect(panel).toHaveTextContent("maria@example.com"));
    await userEvent.click(within(list).getByText("João Santos"));
    await waitFor(() =>
      expect(log, "the history shows João's messages").toHaveTextContent(
        "I want my money back",
      ),
    );
    expect(
      screen.getByRole("log", { name: "Messages with João Santos" }),
      "the same pane, not one built again for each click",
    ).toBe(log);
    await waitFor(() =>
      expect(panel, "the contact panel shows João").toHaveTextContent(
        "+55 21 91234-5678",
      ),
    );
    expect(
      screen.getByRole("complementary", { name: "Contact details" }),
      "in the same panel, updated rather than built again",
    ).toBe(panel);
  });

  test("a previous conversation in the contact panel opens in the chat", async () => {
    install();
    render(App);
    const list = await listRows();
    await userEvent.click(within(list).getAllByText("Maria Silva")[0]);
    await userEvent.click(
      await screen.findByRole("button", { name: /Old question about sizes/ }),
    );
    const log = await screen.findByRole("log");
    await waitFor(() =>
      expect(log, "the older conversation is open").toHaveTextContent(
        "Old question about sizes",
      ),
    );
  });

  test("a notification click opens its conversation", async () => {
    install();
    render(App);
    await listRows();
    await new Promise((r) => setTimeout(r, 20)); // the screen's listeners are registered
    await emit(EVENTS.openConversation, { id: 2 });
    expect(
      await screen.findByRole("log", { name: "Messages with João Santos" }),
      "opened",
    ).toBeInTheDocument();
  });

  test("the waiting count is read at start and again when conversations change", async () => {
    const backend = install();
    render(App);
    await listRows();
    const count = await screen.findByText("1 waiting");
    expect(count, "João waits from the start").toBeInTheDocument();
    expect(
      count.getAttribute("title"),
      "hovering says whose waiting customers it counts",
    ).toContain("A colleague's waiting customers are counted in their app");
    backend.transfer(1, "asked for a human");
    expect(
      await screen.findByText("2 waiting"),
      "a transfer the waiting event may have missed still shows",
    ).toBeInTheDocument();
  });

  test("the number of waiting customers is shown", async () => {
    install();
    render(App);
    await listRows();
    await new Promise((r) => setTimeout(r, 20));
    await emit(EVENTS.waiting, { count: 3 });
    expect(
      await screen.findByText("3 waiting"),
      "from the waiting event",
    ).toBeInTheDocument();
  });
  test("a count heard while the first answer is on its way is not undone by it", async () => {
    const backend = install();
    // Read at 1 (João); the page gets the answer only after the shell has
    // said 3, e.g. two transfers in the first second.
    const deliver = backend.hold("waiting");
    render(App);
    await listRows();
    await waitFor(() =>
      expect(backend.calls.some((c) => c.cmd === "waiting")).toBe(true),
    );
    await new Promise((r) => setTimeout(r, 20)); // the listeners are registered
    await emit(EVENTS.waiting, { count: 3 });
    expect(await screen.findByText("3 waiting")).toBeInTheDocument();
    deliver();
    await new Promise((r) => setTimeout(r, 20));
    expect(
      screen.queryByText("1 waiting"),
      "the older answer does not bring back a count already outdated",
    ).toBeNull();
    expect(screen.getByText("3 waiting")).toBeInTheDocument();
  });
});

describe("history download", () => {
  /** The screen, settled, before any history download is known. */
  async function settledWithNoDownloadKnown() {
    const backend = install();
    backend.historyProgress = null;
    render(App);
    await listRows();
    await new Promise((r) => setTimeout(r, 20));
    return backend;
  }

  test("the top bar shows how far the history download is, until it is done", async () => {
    const backend = install();
    backend.historyProgress = { cached: 410_000, total: 950_000, done: false };
    render(App);
    await listRows();
    const progress = await screen.findByText(
      "History 43% — 410,000 of 950,000 messages",
    );
    expect(
      progress.getAttribute("title"),
      "hovering explains what is downloading and why",
    ).toContain("in the background");

    await sync({
      kind: "history_progress",
      progress: { cached: 950_000, total: 950_000, done: true },
    });
    await waitFor(() =>
      expect(
        screen.queryByText(/^History \d+%/),
        "a finished download leaves the top bar",
      ).toBeNull(),
    );
  });

  test("before the first sync has counted anything, no progress is claimed", async () => {
    const backend = install();
    // What the cache says before its first bootstrap: nothing held, nothing
    // counted, not done.
    backend.historyProgress = { cached: 0, total: 0, done: false };
    render(App);
    await listRows();
    await new Promise((r) => setTimeout(r, 20));
    expect(
      screen.queryByText(/^History/),
      "no '0% — 0 of 0 messages' for a download that has not begun",
    ).toBeNull();
  });

  test("a progress sent before the screen listened is read again when the sync's status changes", async () => {
    const backend = await settledWithNoDownloadKnown();
    // The download started and told its progress while nobody listened.
    backend.historyProgress = { cached: 10, total: 40, done: false };
    backend.setStatus({ kind: "live" });
    expect(
      await screen.findByText("History 25% — 10 of 40 messages"),
      "the status change brings the progress the event missed",
    ).toBeInTheDocument();
  });

  test("the first sync's pages do not each read the history progress again", async () => {
    const backend = install();
    backend.status = firstSyncPage(0, 10_000);
    render(App);
    await screen.findByRole("progressbar", { name: "First sync" });
    // The top bar's first reads follow the first list's paint.
    await waitFor(() =>
      expect(backend.calls.some((c) => c.cmd === "app_ready")).toBe(true),
    );
    const reads = () =>
      backend.calls.filter((c) => c.cmd === "history_progress").length;
    await sync({ kind: "status", status: firstSyncPage(1, 10_000) });
    const started = reads();
    // Nineteen more pages: each a status with its count.
    for (let page = 2; page <= 20; page++)
      await sync({ kind: "status", status: firstSyncPage(page, 10_000) });
    await new Promise((r) => setTimeout(r, 20));
    expect(reads(), "a page's count is not a change of state").toBe(started);
    backend.historyProgress = { cached: 10, total: 40, done: false };
    await sync({ kind: "status", status: { kind: "live" } });
    expect(
      await screen.findByText("History 25% — 10 of 40 messages"),
      "the first sync's end is one, and brings the progress",
    ).toBeInTheDocument();
    expect(reads()).toBe(started + 1);
  });

  test("an answer on its way when the download ends does not bring its progress back", async () => {
    const backend = await settledWithNoDownloadKnown();
    // The first sync ends: the screen asks for the progress, read at 25%;
    // the (small) download finishes before the answer arrives.
    backend.historyProgress = { cached: 10, total: 40, done: false };
    const deliver = backend.hold("history_progress");
    backend.setStatus({ kind: "live" });
    await waitFor(() =>
      expect(
        backend.calls.filter((c) => c.cmd === "history_progress").length,
      ).toBe(2),
    );
    await sync({
      kind: "history_progress",
      progress: { cached: 40, total: 40, done: true },
    });
    deliver();
    await new Promise((r) => setTimeout(r, 20));
    expect(
      screen.queryByText(/^History \d+%/),
      "the finished download is not said to be at 25%",
    ).toBeNull();
  });

  test("with history on demand only, nothing claims to be downloading", async () => {
    const backend = install();
    backend.historyProgress = null;
    render(App);
    await listRows();
    await userEvent.type(
      screen.getByRole("searchbox", { name: /search/i }),
      "Maria",
    );
    await screen.findByRole("listbox", { name: "Search results" });
    expect(
      screen.queryByText(/^History/),
      "no download runs: no progress in the top bar",
    ).toBeNull();
    expect(
      screen.queryByRole("note"),
      "and search results do not blame a download that is not running",
    ).toBeNull();
  });

  test("search results say they may be incomplete while history arrives", async () => {
    const backend = install();
    backend.historyProgress = { cached: 10, total: 40, done: false };
    render(App);
    await listRows();
    await userEvent.type(
      screen.getByRole("searchbox", { name: /search/i }),
      "Maria",
    );
    expect(
      await screen.findByRole("note"),
      "the results cannot cover messages not downloaded yet",
    ).toHaveTextContent(
      "Results may be incomplete: older messages are still downloading (25%).",
    );
  });
});

describe("keyboard", () => {
  test("j/k and arrows move through the list and Enter opens", async () => {
    install();
    render(App);
    const list = await listRows();
    const active = () => list.getAttribute("aria-activedescendant");
    await waitFor(() =>
      expect(active(), "the list starts on its first row").toBe(
        "conversation-row-1",
      ),
    );
    await userEvent.keyboard("j");
    expect(active(), "j moves down").toBe("conversation-row-2");
    await userEvent.keyboard("{ArrowDown}");
    expect(active(), "↓ moves down").toBe("conversation-row-3");
    await userEvent.keyboard("k");
    expect(active(), "k moves up").toBe("conversation-row-2");
    await userEvent.keyboard("{ArrowUp}{ArrowUp}{ArrowUp}");
    expect(active(), "stops at the top").toBe("conversation-row-1");
    await userEvent.keyboard("j{Enter}");
    expect(
      await screen.findByRole("log", { name: "Messages with João Santos" }),
      "Enter opens",
    ).toBeInTheDocument();
  });

  test("/ focuses the search and Esc clears it", async () => {
    install();
    render(App);
    await listRows();
    await userEvent.keyboard("/");
    const search = screen.getByRole("searchbox");
    expect(search, "/ jumps to search").toHaveFocus();
    await userEvent.keyboard("maria");
    expect(search, "typing goes into the field, not the shortcuts").toHaveValue(
      "maria",
    );
    await userEvent.keyboard("{Escape}");
    expect(search, "Esc clears").toHaveValue("");
  });

  test("arrows and Enter work from the search field", async () => {
    install();
    render(App);
    await listRows();
    await userEvent.keyboard("/");
    await userEvent.keyboard("Li");
    await waitFor(() =>
      expect(
        screen.getAllByRole("option").map((o) => o.textContent),
        "results replace the list",
      ).toEqual([expect.stringContaining("Li Wei")]),
    );
    await userEvent.keyboard("{ArrowDown}{Enter}");
    expect(
      await screen.findByRole("log", { name: "Messages with Li Wei" }),
      "search, pick, open",
    ).toBeInTheDocument();
  });

  test("t toggles the Transferred filter", async () => {
    install();
    render(App);
    const list = await listRows();
    await userEvent.keyboard("t");
    const transferred = screen.getByRole("button", { name: /^Transferred/ });
    expect(transferred, "t selects Transferred").toHaveAttribute(
      "aria-pressed",
      "true",
    );
    await waitFor(() =>
      expect(
        within(list).getAllByRole("option").length,
        "only João waits",
      ).toBe(1),
    );
    await userEvent.keyboard("t");
    expect(
      screen.getByRole("button", { name: /^All/ }),
      "t again goes back to All",
    ).toHaveAttribute("aria-pressed", "true");
  });

  test("p pauses and resumes the assistant of the open conversation", async () => {
    const backend = install();
    render(App);
    const list = await listRows();
    await userEvent.click(within(list).getAllByText("Maria Silva")[0]);
    await screen.findByRole("log");
    const lastSet = () =>
      backend.calls.filter((c) => c.cmd === "set_assistant_state").at(-1);
    await userEvent.keyboard("p");
    expect(lastSet(), "p pauses an active assistant").toMatchObject({
      cmd: "set_assistant_state",
      args: { conversationId: 1, state: "paused" },
    });
    backend.settle([...backend.outbox.keys()][0], null);
    await waitFor(() =>
      expect(
        screen.getByRole("button", { name: /Assistant Paused/ }),
      ).not.toHaveTextContent("saving…"),
    );
    await userEvent.keyboard("p");
    expect(lastSet(), "p resumes a paused one").toMatchObject({
      cmd: "set_assistant_state",
      args: { state: "active" },
    });
  });

  test("r jumps to the reply of a paused conversation; Esc leaves it, keeping the text", async () => {
    install();
    render(App);
    const list = await listRows();
    await userEvent.click(within(list).getAllByText("Maria Silva")[0]);
    await screen.findByRole("log");
    await userEvent.keyboard("r");
    const maria = screen.getByRole("textbox", { name: /Reply to Maria/ });
    expect(maria, "the assistant answers Maria: no reply field").toBeDisabled();
    expect(maria).not.toHaveFocus();

    await userEvent.click(within(list).getByText("João Santos"));
    const field = await screen.findByRole("textbox", { name: /Reply to João/ });
    await waitFor(() => expect(field).toBeEnabled());
    await userEvent.keyboard("r");
    expect(field, "r focuses the reply field").toHaveFocus();
    await userEvent.keyboard("On it");
    await userEvent.keyboard("{Escape}");
    expect(field, "Esc leaves the field").not.toHaveFocus();
    expect(field, "what was typed stays").toHaveValue("On it");
    await userEvent.keyboard("k");
    expect(
      list.getAttribute("aria-activedescendant"),
      "the list's shortcuts work again: k moves up from João to Maria",
    ).toBe("conversation-row-1");
  });

  test("? lists every shortcut and Esc closes the help", async () => {
    install();
    render(App);
    await listRows();
    await userEvent.keyboard("?");
    const help = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    for (const action of [
      "Next conversation",
      "Search",
      "Pause or resume the assistant",
      "Show transferred",
      "Quit Switchboard",
    ]) {
      expect(
        within(help).getByText(new RegExp(action)),
        `the help lists "${action}"`,
      ).toBeInTheDocument();
    }
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog"), "Esc closes it").toBeNull();
  });

  test("Ctrl+Q quits, even while typing a reply", async () => {
    const backend = install();
    render(App);
    const list = await listRows();
    await userEvent.click(within(list).getByText("João Santos"));
    const field = await screen.findByRole("textbox", { name: /Reply to/ });
    await userEvent.type(field, "On it");
    await userEvent.keyboard("{Control>}q{/Control}");
    await waitFor(() =>
      expect(backend.quitRequested, "the shell is asked to quit").toBe(true),
    );
    expect(field, "Ctrl+Q types nothing").toHaveValue("On it");
  });

  test("Ctrl+Q quits from the sign-in screen too", async () => {
    const backend = install(smallData(), {});
    render(App);
    await screen.findByLabelText("Backend URL");
    await userEvent.keyboard("{Control>}q{/Control}");
    await waitFor(() => expect(backend.quitRequested).toBe(true));
  });

  test("q alone is no quit", async () => {
    const backend = install();
    render(App);
    await listRows();
    await userEvent.keyboard("q");
    expect(backend.quitRequested).toBe(false);
  });

  test("shortcuts do not fire while typing a reply", async () => {
    const backend = install();
    render(App);
    const list = await listRows();
    await userEvent.click(within(list).getByText("João Santos"));
    const field = await screen.findByRole("textbox", { name: /Reply to/ });
    await userEvent.type(field, "pt/?");
    expect(field, "the letters are text").toHaveValue("pt/?");
    expect(
      backend.calls.some((c) => c.cmd === "set_assistant_state"),
      "p did not pause",
    ).toBe(false);
    expect(screen.queryByRole("dialog"), "? did not open help").toBeNull();
  });
});

describe("settings", () => {
  test("the bell and , open them; a saved change is kept", async () => {
    const backend = install();
    render(App);
    await listRows();
    await userEvent.click(screen.getByRole("button", { name: "Settings" }));
    const dialog = await screen.findByRole("dialog", { name: "Settings" });
    await userEvent.click(
      await within(dialog).findByRole("checkbox", { name: "Play a sound" }),
    );
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(backend.notificationSettings.sound, "saved").toBe(false);

    await userEvent.keyboard(",");
    const again = await screen.findByRole("dialog", { name: "Settings" });
    expect(
      await within(again).findByRole("checkbox", { name: "Play a sound" }),
      "read back as saved",
    ).not.toBeChecked();
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog"), "Esc closes it").toBeNull();
  });
});

describe("paused notifications", () => {
  test("a pause from the tray shows in the top bar, and Resume lifts it", async () => {
    const backend = install();
    render(App);
    await listRows();
    expect(screen.queryByText(/Notifications paused/)).toBeNull();
    await emit(EVENTS.notificationsPaused, { paused: true });
    const note = await screen.findByText(/Notifications paused/);
    await userEvent.click(within(note).getByRole("button", { name: "Resume" }));
    await waitFor(() =>
      expect(screen.queryByText(/Notifications paused/)).toBeNull(),
    );
    expect(backend.notificationsPaused, "the shell resumed them").toBe(false);
  });

  test("a pause that started before the window opened is shown", async () => {
    const backend = install();
    backend.notificationsPaused = true;
    render(App);
    await listRows();
    expect(await screen.findByText(/Notifications paused/)).toBeInTheDocument();
  });

  test("a resume from the tray while the first answer is on its way stands", async () => {
    const backend = install();
    backend.notificationsPaused = true;
    const deliver = backend.hold("notifications_paused");
    render(App);
    await listRows();
    await waitFor(() =>
      expect(backend.calls.some((c) => c.cmd === "notifications_paused")).toBe(
        true,
      ),
    );
    await new Promise((r) => setTimeout(r, 20)); // the listeners are registered
    backend.notificationsPaused = false;
    await emit(EVENTS.notificationsPaused, { paused: false });
    deliver();
    await new Promise((r) => setTimeout(r, 20));
    expect(
      screen.queryByText(/Notifications paused/),
      "the answer read before the resume does not claim a pause",
    ).toBeNull();
  });

  test("the settings dialog pauses at once, says so, and resumes", async () => {
    const backend = install();
    render(App);
    await listRows();
    await userEvent.keyboard(",");
    const dialog = await screen.findByRole("dialog", { name: "Settings" });
    await userEvent.click(
      await within(dialog).findByRole("button", { name: "Pause for now" }),
    );
    expect(
      await within(dialog).findByText(/Paused until you resume them/),
    ).toBeInTheDocument();
    expect(backend.notificationsPaused, "paused without Save").toBe(true);
    await userEvent.click(
      within(dialog).getByRole("button", { name: "Resume" }),
    );
    await waitFor(() => expect(backend.notificationsPaused).toBe(false));
    expect(
      within(dialog).queryByText(/Paused until you resume them/),
    ).toBeNull();
  });

  test("a failed resume is said, and the pause stays shown", async () => {
    const backend = install();
    backend.notificationsPaused = true;
    backend.failNext.set("set_notifications_paused", {
      code: "internal",
      message: "the notifier is gone",
    });
    render(App);
    await listRows();
    const note = await screen.findByText(/Notifications paused/);
    await userEvent.click(within(note).getByRole("button", { name: "Resume" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Couldn't resume: Something went wrong. Details: the notifier is gone",
    );
    expect(screen.getByText(/Notifications paused/)).toBeInTheDocument();
  });
});

describe("a damaged cache", () => {
  // The page's state of the file lasts as long as the page.
  afterEach(() => {
    cacheDamage.found = false;
  });

  /** A launch whose first list read meets the damaged file. */
  async function launchOnADamagedFile() {
    const backend = install(smallData());
    backend.failNext.set("list_conversations", {
      code: "cache_damaged",
      message:
        "the local database file is damaged: database disk image is malformed",
    });
    render(App);
    const alert = await screen.findByRole("alert", {
      name: "The local cache is damaged",
    });
    return { backend, alert };
  }
  const PATH =
    "/home/ana/.local/share/dev.switchboard.app/cache.sqlite3.damaged-1796000000000";

  test("the launch says it was set aside, and where, until dismissed", async () => {
    const backend = install(smallData());
    backend.cacheSetAside = PATH;
    render(App);
    const alert = await screen.findByRole("alert", {
      name: "The local cache was damaged",
    });
    expect(alert.textContent).toContain(PATH);
    expect(alert.textContent).toContain("the sync fills again");
    // The app itself is usable behind it.
    await listRows();
    await userEvent.click(
      within(alert).getByRole("button", { name: "Dismiss" }),
    );
    expect(
      screen.queryByRole("alert", { name: "The local cache was damaged" }),
    ).toBeNull();
  });

  test("shows on the sign-in screen too, in the language shown", async () => {
    const backend = install(smallData(), {});
    backend.cacheSetAside = PATH;
    backend.systemLanguage = "pt-BR";
    render(App);
    const alert = await screen.findByRole("alert", {
      name: "O cache local estava danificado",
    });
    expect(alert.textContent).toContain(PATH);
    expect(await screen.findByLabelText("URL do backend")).toBeTruthy();
  });

  test("on the sign-in screen it is said once that screen is painted, not a second later", async () => {
    const backend = install(smallData(), {});
    backend.cacheSetAside = PATH;
    render(App);
    await screen.findByLabelText("Backend URL");
    const alert = await screen.findByRole(
      "alert",
      { name: "The local cache was damaged" },
      // Far under the second that reads wait for a list that never comes.
      { timeout: 400 },
    );
    expect(alert.textContent).toContain(PATH);
  });

  test("a read that finds the file damaged offers to restart, which rebuilds it", async () => {
    const { backend, alert } = await launchOnADamagedFile();
    expect(alert.textContent, "what happens on restart").toContain(
      "a new cache is filled from the server",
    );
    const listError = (
      await screen.findByText(/Couldn't load conversations/)
    ).closest(".list-error") as HTMLElement;
    expect(
      within(listError).queryByRole("button", { name: "Try again" }),
      "trying again would read the same damaged file",
    ).toBeNull();
    expect(
      within(listError).getByRole("button", { name: "Restart now" }),
    ).toBeInTheDocument();
    await userEvent.click(
      within(alert).getByRole("button", { name: "Restart now" }),
    );
    await waitFor(() =>
      expect(backend.restartRequested, "the shell restarts").toBe(true),
    );
  });

  test("a restart that fails says why, beside the button", async () => {
    const { backend, alert } = await launchOnADamagedFile();
    backend.failNext.set("restart", {
      code: "internal",
      message: "the executable was removed",
    });
    await userEvent.click(
      within(alert).getByRole("button", { name: "Restart now" }),
    );
    expect(
      await within(alert).findByText(
        "Something went wrong. Details: the executable was removed",
      ),
    ).toBeInTheDocument();
  });

  test("'Later' puts the notice away; the next start still rebuilds", async () => {
    const { backend, alert } = await launchOnADamagedFile();
    await userEvent.click(within(alert).getByRole("button", { name: "Later" }));
    expect(
      screen.queryByRole("alert", { name: "The local cache is damaged" }),
    ).toBeNull();
    expect(backend.restartRequested).toBe(false);
  });

  test("a sync stopped by a damaged file offers a restart, not a sign-in", async () => {
    const backend = install(smallData());
    render(App);
    await listRows();
    backend.cacheDamaged = true;
    await syncFails(
      "cache_damaged",
      "local store: the local database file is damaged: database disk image is malformed",
    );
    expect(
      await screen.findByRole("alert", { name: "The local cache is damaged" }),
      "the shell says the file is damaged",
    ).toBeInTheDocument();
    const banner = await bannerTitled("Sync interrupted:");
    expect(
      within(banner).queryByRole("button", { name: "Sign in again" }),
      "signing in again would not mend the file",
    ).toBeNull();
    await userEvent.click(
      within(banner).getByRole("button", { name: "Restart now" }),
    );
    await waitFor(() => expect(backend.restartRequested).toBe(true));
  });

  test("damage met in the background is said at once, the sync still live", async () => {
    install(smallData());
    render(App);
    await listRows();
    expect(screen.queryByText("The local cache is damaged")).toBeNull();
    await emit(EVENTS.cacheDamaged, null);
    const alert = await screen.findByRole("alert", {
      name: "The local cache is damaged",
    });
    expect(
      within(alert).getByRole("button", { name: "Restart now" }),
    ).toBeInTheDocument();
  });

  test("damage noted before the page listened is said at launch", async () => {
    const backend = install(smallData());
    backend.cacheDamaged = true;
    render(App);
    expect(
      await screen.findByRole("alert", { name: "The local cache is damaged" }),
    ).toBeInTheDocument();
  });

  test("a full disk is said as such, with no sign-in that would not help", async () => {
    install(smallData());
    render(App);
    await listRows();
    await syncFails(
      "disk_full",
      "local store: the disk is full: the change was not saved and the local database is intact",
    );
    const banner = await bannerTitled("Sync interrupted:");
    expect(banner).toHaveTextContent(
      "the disk is full, so nothing new can be saved. Free some space.",
    );
    expect(
      within(banner).queryByRole("button", { name: "Sign in again" }),
      "signing in frees no disk space",
    ).toBeNull();
  });

  test("a first sync that cannot save stays said through its retries, and the empty list does not claim there is nothing", async () => {
    install({ contacts: [], conversations: [], messages: [] });
    render(App);
    await screen.findByRole("listbox", { name: "Conversations" });
    await sync({ kind: "status", status: firstSyncPage(0, 0) });
    await syncFails("disk_full", "local store: the disk is full");
    const banner = await bannerTitled("Sync interrupted:");
    expect(
      await screen.findByText("No conversations saved on this computer yet"),
      "the server's conversations were never saved, not absent",
    ).toBeInTheDocument();
    expect(screen.queryByText("No conversations yet")).toBeNull();
    // The engine's retry starts over.
    await sync({ kind: "status", status: { kind: "connecting" } });
    await sync({
      kind: "status",
      status: {
        kind: "bootstrapping",
        pages_done: 0,
        conversations_done: 0,
        total: null,
      },
    });
    expect(banner, "still said while the retry starts").toBeInTheDocument();
    expect(banner).toHaveTextContent("the disk is full");
    // The retry gets somewhere.
    await sync({ kind: "status", status: firstSyncPage(1, 2_000) });
    expect(
      await screen.findByText(/First sync: 500 of 2,000 conversations/),
    ).toBeInTheDocument();
    expect(screen.queryByText("Sync interrupted:")).toBeNull();
  });

  test("the banner speaks the user's language; the reason stays as logged", async () => {
    const backend = install(smallData());
    backend.systemLanguage = "pt-BR";
    render(App);
    await screen.findByRole("listbox", { name: "Conversas" });
    await syncFails("disk_full", "local store: the disk is full");
    const banner = await bannerTitled("Sincronização interrompida:");
    expect(banner).toHaveTextContent("o disco está cheio");
    await userEvent.click(
      within(banner).getByRole("button", { name: "Detalhes" }),
    );
    expect(banner).toHaveTextContent("local store: the disk is full");
  });

  test("a sync stopped for another reason still offers to sign in again", async () => {
    install(smallData());
    render(App);
    await listRows();
    await syncFails(
      "server_refused",
      "rejected (403, forbidden): the server refused the protocol",
    );
    const banner = await bannerTitled("Sync interrupted:");
    expect(
      within(banner).getByRole("button", { name: "Sign in again" }),
    ).toBeInTheDocument();
    expect(screen.queryByText("The local cache is damaged")).toBeNull();
  });

  test("a launch on a readable cache says nothing of it", async () => {
    install(smallData());
    render(App);
    await listRows();
    expect(screen.queryByText("The local cache was damaged")).toBeNull();
    expect(screen.queryByText("The local cache is damaged")).toBeNull();
  });
});
