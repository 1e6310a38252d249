// Focus is never lost: wherever an action removes, hides or disables the
// element that had the focus, the focus goes somewhere a keyboard user can
// go on from, never to the page itself (where their place is lost).
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, test } from "vitest";
import App from "./App.svelte";
import { copyText } from "./lib/clipboard";
import { install, smallData } from "./test/fixtures";

async function listRows() {
  const list = await screen.findByRole("listbox", { name: "Conversations" });
  await waitFor(() =>
    expect(within(list).getAllByRole("option").length).toBeGreaterThan(0),
  );
  return list;
}

/** Opens Maria's conversation (her assistant active) with a click. */
async function openMaria() {
  render(App);
  const list = await listRows();
  await userEvent.click(within(list).getAllByText("Maria Silva")[0]);
}

function focused(): string {
  const at = document.activeElement;
  return at === document.body ? "the page itself" : (at?.outerHTML ?? "");
}

describe("focus is never lost", () => {
  test("signing in by keyboard only: the form starts in its first field, the list takes over", async () => {
    install(smallData(), {});
    render(App);
    const url = await screen.findByLabelText("Backend URL");
    await waitFor(() =>
      expect(
        url,
        "the sign-in screen starts where typing starts",
      ).toHaveFocus(),
    );
    await userEvent.keyboard("https://assistant.example.com");
    await userEvent.tab();
    expect(screen.getByLabelText("Access token")).toHaveFocus();
    await userEvent.keyboard("good-token{Enter}");
    const list = await listRows();
    await waitFor(() =>
      expect(
        list,
        `the sign-in form is gone: the list has the focus, not ${focused()}`,
      ).toHaveFocus(),
    );
  });

  test("at a launch the list has the focus, its cursor on the first conversation", async () => {
    install();
    render(App);
    const list = await listRows();
    await waitFor(() =>
      expect(
        list,
        `nothing had the focus: the list takes it, not ${focused()}`,
      ).toHaveFocus(),
    );
    const first = within(list).getAllByRole("option")[0];
    expect(
      list.getAttribute("aria-activedescendant"),
      "the cursor is on the first row, so Enter opens it",
    ).toBe(first.id);
  });

  test("rows that give way to an empty list hand the focus to the search", async () => {
    const data = smallData();
    data.conversations = data.conversations.filter(
      (c) => c.status !== "transferred",
    );
    install(data);
    render(App);
    const list = await listRows();
    await waitFor(() => expect(list, "the list starts with it").toHaveFocus());
    await userEvent.keyboard("t");
    await screen.findByText("Nobody is waiting");
    await waitFor(() =>
      expect(
        screen.getByRole("searchbox"),
        `the rows are gone: the search has the focus, not ${focused()}`,
      ).toHaveFocus(),
    );
  });

  test("Esc in the empty search field goes to the list", async () => {
    install();
    render(App);
    const list = await listRows();
    await userEvent.keyboard("/ma");
    const search = screen.getByRole("searchbox");
    await userEvent.keyboard("{Escape}");
    expect(search, "the first Esc clears and stays").toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(
      list,
      `the second Esc leaves for the rows, not ${focused()}`,
    ).toHaveFocus();
  });

  test("Esc in the reply field goes to the history, where the shortcuts work", async () => {
    install();
    render(App);
    const list = await listRows();
    await userEvent.click(within(list).getByText("João Santos"));
    const field = await screen.findByRole("textbox", { name: /Reply to João/ });
    await waitFor(() => expect(field).toBeEnabled());
    await userEvent.keyboard("r");
    expect(field).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(
      screen.getByRole("log", { name: "Messages with João Santos" }),
      `Esc lands on the conversation, not ${focused()}`,
    ).toHaveFocus();
  });

  test("the history is reachable with Tab, to scroll it with the keyboard", async () => {
    install();
    await openMaria();
    const history = await screen.findByRole("log", {
      name: "Messages with Maria Silva",
    });
    expect(history, "in the Tab order").toHaveAttribute("tabindex", "0");
  });

  test("a pressed assistant option keeps the focus while its change is on its way", async () => {
    const backend = install();
    await openMaria();
    const pause = await screen.findByRole("button", {
      name: /Assistant Paused/,
    });
    pause.focus();
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(pause).toHaveTextContent("saving…"));
    expect(
      pause,
      "a disabled button would drop the focus to the page",
    ).toBeEnabled();
    expect(pause, "it says it is not available meanwhile").toHaveAttribute(
      "aria-disabled",
      "true",
    );
    expect(pause).toHaveFocus();
    const sent = () =>
      backend.calls.filter((c) => c.cmd === "set_assistant_state").length;
    const before = sent();
    await userEvent.click(
      screen.getByRole("button", { name: /Assistant Active/ }),
    );
    expect(sent(), "another choice waits for the first").toBe(before);
  });

  test("Take turns into Release under the keyboard: the focus follows", async () => {
    install();
    await openMaria();
    const take = await screen.findByRole("button", { name: "Take" });
    take.focus();
    await userEvent.keyboard("{Enter}");
    const release = await screen.findByRole("button", { name: "Release" });
    await waitFor(() =>
      expect(
        release,
        `the button that replaced Take has the focus, not ${focused()}`,
      ).toHaveFocus(),
    );
  });

  test("closing a conversation leaves the focus on its history, not on a disabled button", async () => {
    install();
    await openMaria();
    const close = await screen.findByRole("button", {
      name: "Close conversation",
    });
    close.focus();
    await userEvent.keyboard("{Enter}");
    await waitFor(() =>
      expect(
        screen.getByRole("log", { name: "Messages with Maria Silva" }),
        `the keyboard goes on from the history, not ${focused()}`,
      ).toHaveFocus(),
    );
  });

  test("opening a previous conversation from the contact panel focuses its history", async () => {
    install();
    await openMaria();
    const previous = await screen.findByRole("button", {
      name: /Old question about sizes/,
    });
    previous.focus();
    await userEvent.keyboard("{Enter}");
    const history = await screen.findByRole("log", {
      name: "Messages with Maria Silva",
    });
    await waitFor(() =>
      expect(history).toHaveTextContent("Old question about sizes"),
    );
    await waitFor(() =>
      expect(
        history,
        `its button went with the panel: focus is on the conversation, not ${focused()}`,
      ).toHaveFocus(),
    );
  });

  test("v moves the focus along with the screen it shows", async () => {
    install();
    render(App);
    const list = await listRows();
    await waitFor(() => expect(list).toHaveFocus());
    await userEvent.keyboard("v");
    const review = await screen.findByRole("region", { name: "Review" });
    await waitFor(() =>
      expect(
        review.closest("main"),
        `the list is hidden: the Review has the focus, not ${focused()}`,
      ).toHaveFocus(),
    );
    await userEvent.keyboard("v");
    await waitFor(() => expect(list, "back to the list").toHaveFocus());
  });

  test("copying through a selection gives the focus back to the copy button", async () => {
    const button = document.createElement("button");
    document.body.append(button);
    button.focus();
    const clipboard = navigator.clipboard;
    // No async clipboard: the select-and-copy route.
    Object.defineProperty(navigator, "clipboard", {
      value: undefined,
      configurable: true,
    });
    const select = HTMLTextAreaElement.prototype.select;
    // As a browser does, selecting the field focuses it.
    HTMLTextAreaElement.prototype.select = function () {
      this.focus();
      select.call(this);
    };
    try {
      await copyText("+55 11 98765-4321");
      expect(button, `focus is back, not on ${focused()}`).toHaveFocus();
    } finally {
      HTMLTextAreaElement.prototype.select = select;
      Object.defineProperty(navigator, "clipboard", {
        value: clipboard,
        configurable: true,
      });
      button.remove();
    }
  });
});
