import { emit } from "@tauri-apps/api/event";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, test, vi } from "vitest";
import App from "../../../App.svelte";
import { demoData } from "../../../dev/demoData";
import { install, NOW, smallData } from "../../../test/fixtures";
import { EVENTS } from "../../bindings/events";
import { formatDate, setLanguage } from "../../i18n.svelte";
import ReviewScreen from "./ReviewScreen.svelte";

const XSS = `<img src=x onerror="window.__xss=1">`;

/** The demo data: yesterday has unanswered questions, transfers, quiet leads. */
function withYesterday() {
  return install(demoData(5, NOW));
}

function section(name: RegExp) {
  return screen.getByRole("region", { name });
}

/** The history download tells its progress, as the shell does. */
function downloaded(cached: number, done: boolean) {
  return emit(EVENTS.sync, {
    kind: "history_progress",
    progress: { cached, total: 200, done },
  });
}

async function reviewShown() {
  return screen.findByRole("heading", { name: /Unanswered questions/ });
}

describe("the Review screen", () => {
  afterEach(() => setLanguage("en"));

  test("shows yesterday's four sections with their counts and items", async () => {
    withYesterday();
    render(ReviewScreen, { onOpen: vi.fn(), visible: true });
    await reviewShown();
    const unanswered = section(/Unanswered questions/);
    expect(
      within(unanswered).getByRole("heading", { level: 2 }),
      "three customer questions went unanswered yesterday",
    ).toHaveTextContent("Unanswered questions 3");
    const groups = within(unanswered).getAllByRole("heading", { level: 3 });
    expect(
      groups[0],
      "the two Azores questions are one group, shown first",
    ).toHaveTextContent("Asked 2 times");
    expect(
      within(unanswered).getByText("Do you ship to the Azores?"),
    ).toBeInTheDocument();
    const transfers = section(/Transfers/);
    expect(
      within(transfers).getByRole("list", { name: "Transfers by reason" }),
      "the reasons are charted with their numbers",
    ).toHaveTextContent(/Refund request\s*2/);
    expect(
      within(transfers).getByText(/Transferred more than once/),
      "the contact transferred twice is named",
    ).toBeInTheDocument();
    const leads = section(/Leads gone quiet/);
    expect(
      within(leads).getByText(
        "What is the price of the Premium plan for 5 users?",
      ),
      "a customer who asked the price and went quiet is a lead",
    ).toBeInTheDocument();
    expect(
      within(leads).getAllByText(/^Assistant: /)[0],
      "with what the assistant said last",
    ).toHaveTextContent("Would you like me to start the order?");
    expect(
      within(section(/Recurring topics/)).getByRole("list", {
        name: "Customer messages per topic",
      }),
    ).toHaveTextContent(/Price\s*2/);
    expect(screen.getByText(/^0 of \d+ reviewed$/)).toBeInTheDocument();
  });

  test("in Portuguese: sentences, plurals, durations and dates in Portuguese", async () => {
    setLanguage("pt-BR");
    withYesterday();
    render(ReviewScreen, { onOpen: vi.fn(), visible: true });
    const unanswered = await screen.findByRole("region", {
      name: /Perguntas sem resposta/,
    });
    const groups = within(unanswered).getAllByRole("heading", { level: 3 });
    expect(groups[0], "many: the plural form").toHaveTextContent(
      "Perguntada 2 vezes",
    );
    expect(groups.at(-1), "one: the singular form").toHaveTextContent(
      "Perguntada 1 vez",
    );
    const median = screen
      .getByText("Tempo até um humano, mediana")
      .closest("div")!;
    expect(
      median,
      "the median time to a human is an Intl duration, not '12m'",
    ).toHaveTextContent(/\d+ (min|h|s)\b/);
    expect(
      screen.getByText(/^0 de \d+ revisados$/),
      "the progress reads in Portuguese",
    ).toBeInTheDocument();
    const yesterday = NOW - 24 * 3_600_000;
    expect(
      screen.getByText(formatDate(yesterday)),
      "yesterday's date in Portuguese (a weekday like 'seg.')",
    ).toBeInTheDocument();
    expect(formatDate(yesterday), "not the English weekday").not.toMatch(
      /Mon|Tue|Wed|Thu|Fri|Sat|Sun/,
    );
  });

  test("a big group shows its first questions, the rest on demand, and marks all at once", async () => {
    const backend = withYesterday();
    const asked = [...backend.messages.values()]
      .flat()
      .find((m) => m.text === "Do you ship to the Azores?")!;
    const list = backend.messages.get(asked.conversation_id)!;
    for (let n = 1; n <= 4; n++)
      list.push(
        {
          ...asked,
          id: 900 + 2 * n,
          created_at: asked.created_at + n * 60_000,
        },
        {
          ...asked,
          id: 901 + 2 * n,
          author: "assistant",
          text: "Sorry, I couldn't find information about that.",
          created_at: asked.created_at + n * 60_000 + 1_000,
        },
      );
    render(ReviewScreen, { onOpen: vi.fn(), visible: true });
    await reviewShown();
    const unanswered = section(/Unanswered questions/);
    const group = () =>
      within(unanswered)
        .getByRole("heading", { name: "Asked 6 times" })
        .closest(".group") as HTMLElement;
    expect(
      within(group()).getAllByRole("listitem"),
      "six identical questions would push the other sections out of sight",
    ).toHaveLength(3);
    await userEvent.click(
      within(group()).getByRole("button", { name: "Show 3 more" }),
    );
    expect(within(group()).getAllByRole("listitem")).toHaveLength(6);
    await userEvent.click(
      within(group()).getByRole("button", { name: "Mark all 6 reviewed" }),
    );
    await waitFor(() =>
      expect(
        [...backend.reviewMarks].filter((k) => k.startsWith("unanswered:")),
        "every question of the group is marked",
      ).toHaveLength(6),
    );
    expect(await screen.findByText(/^6 of \d+ reviewed$/)).toBeInTheDocument();
  });

  test("an empty period reads as good news, not as an error", async () => {
    install(smallData());
    render(ReviewScreen, { onOpen: vi.fn(), visible: true });
    expect(
      await screen.findByText(/Nothing unanswered yesterday/),
      "no unanswered question is good news",
    ).toBeInTheDocument();
    expect(screen.getByText(/No transfers yesterday/)).toBeInTheDocument();
    expect(
      screen.getByText(/No leads went quiet yesterday/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: "Copy for the Knowledge Base" }),
      "nothing to copy",
    ).not.toBeInTheDocument();
  });

  test("customer text is shown as text, never as HTML", async () => {
    const backend = withYesterday();
    const question = [...backend.messages.values()]
      .flat()
      .find((m) => m.text === "Vocês aceitam Pix?")!;
    question.text = XSS;
    render(ReviewScreen, { onOpen: vi.fn(), visible: true });
    expect(await screen.findByText(XSS)).toBeInTheDocument();
    expect(
      document.querySelector("img"),
      "the markup must not become an element",
    ).toBeNull();
  });

  test("copy for the Knowledge Base puts the grouped questions on the clipboard as plain text", async () => {
    withYesterday();
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", {
      configurable: true,
      value: { writeText },
    });
    render(ReviewScreen, { onOpen: vi.fn(), visible: true });
    await reviewShown();
    screen.getByRole("button", { name: "Copy for the Knowledge Base" }).click();
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    const text = writeText.mock.calls[0][0] as string;
    expect(
      text,
      "the biggest group first, with how often it was asked",
    ).toMatch(
      /^Questions the assistant couldn't answer:\n\nDo you ship to the Azores\?.* — asked 2 times\n {2}- do you ship to the Azores\n/,
    );
    expect(text).toContain("Vocês aceitam Pix? — asked 1 time");
    expect(
      await screen.findByText(/Copied 3 questions/),
      "a visible confirmation",
    ).toBeInTheDocument();
  });

  test("export hands the section and the period to the save dialog and says where it went", async () => {
    const backend = withYesterday();
    render(ReviewScreen, { onOpen: vi.fn(), visible: true });
    await reviewShown();
    await userEvent.click(
      within(section(/Transfers/)).getByRole("button", { name: "Export CSV" }),
    );
    await waitFor(() =>
      expect(
        backend.exports.map((e) => e.section),
        "the transfers section is exported",
      ).toEqual(["transfers"]),
    );
    expect(
      backend.exports[0].period.to - backend.exports[0].period.from,
      "for the period on screen (yesterday)",
    ).toBeGreaterThanOrEqual(23 * 3_600_000);
    expect(await screen.findByText(/^Saved \//)).toBeInTheDocument();
  });

  test("a cancelled save dialog says nothing", async () => {
    const backend = withYesterday();
    backend.exportPath = null;
    render(ReviewScreen, { onOpen: vi.fn(), visible: true });
    await reviewShown();
    await userEvent.click(
      within(section(/Leads gone quiet/)).getByRole("button", {
        name: "Export CSV",
      }),
    );
    await waitFor(() => expect(backend.exports).toHaveLength(1));
    expect(screen.queryByRole("status", { name: "" })).toBeNull();
    expect(screen.queryByText(/^Saved/)).not.toBeInTheDocument();
  });

  test("while the period's history downloads, progress is shown instead of a partial review", async () => {
    const backend = withYesterday();
    backend.reviewHistory = { kind: "completing", missing: 4 };
    render(ReviewScreen, { onOpen: vi.fn(), visible: true });
    expect(
      await screen.findByText(/Downloading the history yesterday first/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole("heading", { name: /Unanswered questions/ }),
      "a review over part of the history is not shown as if complete",
    ).not.toBeInTheDocument();
    backend.reviewHistory = { kind: "completing", missing: 1 };
    await downloaded(100, false);
    expect(
      await screen.findByText(/3 of 4 conversations/),
      "progress counts the conversations downloaded",
    ).toBeInTheDocument();
    backend.reviewHistory = { kind: "complete" };
    await downloaded(200, true);
    expect(
      await reviewShown(),
      "the review appears once the history is complete",
    ).toBeInTheDocument();
  });

  test("the period is read again when the download tells its progress, not on a timer", async () => {
    const backend = withYesterday();
    backend.reviewHistory = { kind: "completing", missing: 4 };
    render(ReviewScreen, { onOpen: vi.fn(), visible: true });
    await screen.findByText(/Downloading the history yesterday first/);
    const reads = () => backend.calls.filter((c) => c.cmd === "review").length;
    const before = reads();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(
      reads(),
      "a download that tells nothing (stalled, or slow) costs no review reads",
    ).toBe(before);
    await downloaded(100, false);
    await waitFor(() =>
      expect(reads(), "progress reads the period again").toBe(before + 1),
    );
  });

  test("offline with history missing, it says the review may be incomplete", async () => {
    const backend = withYesterday();
    backend.reviewHistory = { kind: "incomplete", missing: 2, offline: true };
    render(ReviewScreen, { onOpen: vi.fn(), visible: true });
    expect(
      await screen.findByText(/Offline: the history of 2 conversations/),
    ).toHaveTextContent("may be incomplete");
    expect(await reviewShown(), "what is there is still shown").toBeVisible();
  });

  test("settings are saved and the review is computed again", async () => {
    const backend = withYesterday();
    render(ReviewScreen, { onOpen: vi.fn(), visible: true });
    await reviewShown();
    await userEvent.click(
      screen.getByRole("button", { name: "Review settings" }),
    );
    const hours = await screen.findByRole("spinbutton");
    await waitFor(() => expect(hours).toHaveValue(24));
    await userEvent.clear(hours);
    await userEvent.type(hours, "48");
    await userEvent.click(screen.getByRole("button", { name: "Add a topic" }));
    await userEvent.type(screen.getByLabelText("Topic name"), "Delivery");
    await userEvent.type(screen.getByLabelText(/Keywords of/), "ship, azores");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(backend.reviewSettings.topics).toEqual([
        { name: "Delivery", keywords: ["ship", "azores"] },
      ]),
    );
    expect(backend.reviewSettings.quiet_after_hours).toBe(48);
    expect(
      await within(section(/Recurring topics/)).findByRole("heading", {
        name: /^Delivery: 3 messages in 3 conversations/,
      }),
      "the new topic counts yesterday's messages (the Azores twice, shipping once)",
    ).toBeInTheDocument();
  });
});

describe("the Review in the app", () => {
  async function openReview() {
    render(App);
    await screen.findByRole("listbox", { name: "Conversations" });
    await userEvent.keyboard("v");
    return reviewShown();
  }

  test("j/k move, e marks reviewed durably and folds the item away, the header counts it", async () => {
    const backend = withYesterday();
    await openReview();
    const total = Number(
      screen.getByText(/^0 of \d+ reviewed$/).textContent!.split(" ")[2],
    );
    const first = document.querySelector("[aria-current='true']");
    expect(first, "the first item is active").not.toBeNull();
    await userEvent.keyboard("j");
    const second = document.querySelector("[aria-current='true']")!;
    expect(second, "j moves to the next item").not.toBe(first);
    await userEvent.keyboard("k");
    expect(document.querySelector("[aria-current='true']")).toBe(first);
    const key = first!.getAttribute("data-row")!;
    await userEvent.keyboard("e");
    await waitFor(() =>
      expect(backend.reviewMarks, "the mark reaches the store").toContain(key),
    );
    expect(
      await screen.findByText(`1 of ${total} reviewed`),
    ).toBeInTheDocument();
    expect(
      document.querySelector(`[data-row="${key}"]`),
      "a reviewed item folds away",
    ).toBeNull();
    expect(screen.getByText("1 reviewed item hidden ·")).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole("checkbox", { name: "Show reviewed" }),
    );
    const back = document.querySelector(`[data-row="${key}"]`)!;
    expect(back, "shown again on demand").not.toBeNull();
    await userEvent.click(
      within(back as HTMLElement).getByRole("button", { name: "Reviewed ✓" }),
    );
    await waitFor(() => expect(backend.reviewMarks).not.toContain(key));
  });

  test("Enter opens the item's conversation at its message, highlighted; Back returns to the review", async () => {
    withYesterday();
    await openReview();
    const active = document.querySelector("[aria-current='true']")!;
    const quote = active.querySelector(".quote")!.textContent!;
    await userEvent.keyboard("{Enter}");
    const highlighted = await waitFor(() => {
      const el = document.querySelector(".entry.highlight");
      expect(
        el,
        "the question is highlighted in the conversation",
      ).not.toBeNull();
      return el!;
    });
    expect(highlighted).toHaveTextContent(quote.replace(/[“”]/g, ""));
    expect(
      screen.getByRole("region", { name: "Review", hidden: true }),
      "the review is hidden, not gone",
    ).not.toBeVisible();
    await userEvent.click(
      screen.getByRole("button", { name: "← Back to Review" }),
    );
    expect(screen.getByRole("region", { name: "Review" })).toBeVisible();
    expect(
      document.querySelector("[aria-current='true']"),
      "the same item is still active",
    ).toBe(active);
  });

  test("the review is computed when first shown, not at start-up, and again each time it is shown", async () => {
    const backend = withYesterday();
    render(App);
    await screen.findByRole("listbox", { name: "Conversations" });
    const reviews = () =>
      backend.calls.filter((c) => c.cmd === "review").length;
    expect(reviews(), "start-up is for the first list").toBe(0);
    await userEvent.keyboard("v");
    await reviewShown();
    expect(reviews()).toBe(1);
    await userEvent.keyboard("v");
    await userEvent.keyboard("v");
    await waitFor(() =>
      expect(reviews(), "what synced meanwhile is counted").toBe(2),
    );
  });

  test("the daily reminder's click shows yesterday's review", async () => {
    withYesterday();
    render(App);
    await screen.findByRole("listbox", { name: "Conversations" });
    await emit(EVENTS.openReview);
    expect(await reviewShown()).toBeVisible();
    expect(screen.getByRole("radio", { name: "Yesterday" })).toHaveAttribute(
      "aria-checked",
      "true",
    );
  });

  test("the help overlay lists the Review's keys", async () => {
    install(smallData());
    render(App);
    await screen.findByRole("listbox", { name: "Conversations" });
    await userEvent.keyboard("?");
    const help = await screen.findByRole("dialog");
    expect(help).toHaveTextContent("Switch between Conversations and Review");
    expect(help).toHaveTextContent("Review: mark the item reviewed");
  });
});
