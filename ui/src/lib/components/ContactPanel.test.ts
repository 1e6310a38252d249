import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  contact,
  conversation,
  install,
  message,
  NOW,
  smallData,
} from "../../test/fixtures";
import { setLanguage } from "../i18n.svelte";
import ContactPanel from "./ContactPanel.svelte";

const XSS = `<img src=x onerror="window.__xss=1">`;

function stubClipboard(writeText = vi.fn().mockResolvedValue(undefined)) {
  Object.defineProperty(navigator, "clipboard", {
    configurable: true,
    value: { writeText },
  });
  return writeText;
}

describe("contact panel", () => {
  afterEach(() => setLanguage("en"));

  test("clicking the phone copies it and says so", async () => {
    install();
    const writeText = stubClipboard();
    render(ContactPanel, { contactId: 1, conversationId: 1, onOpen: vi.fn() });
    // A plain click: user-event would replace navigator.clipboard with its own.
    const phone = await screen.findByRole("button", {
      name: "Copy phone +55 11 98765-4321",
    });
    phone.click();
    await waitFor(() =>
      expect(
        writeText,
        "the number goes to the clipboard",
      ).toHaveBeenCalledWith("+55 11 98765-4321"),
    );
    expect(
      await screen.findByText("Copied"),
      "a visible confirmation",
    ).toBeInTheDocument();
  });

  test("clicking the email copies it", async () => {
    install();
    const writeText = stubClipboard();
    render(ContactPanel, { contactId: 1, conversationId: 1, onOpen: vi.fn() });
    (
      await screen.findByRole("button", {
        name: "Copy email maria@example.com",
      })
    ).click();
    await waitFor(() =>
      expect(
        writeText,
        "the address goes to the clipboard",
      ).toHaveBeenCalledWith("maria@example.com"),
    );
    expect(
      await screen.findByRole("status"),
      "confirmed next to the email",
    ).toHaveTextContent("Copied");
  });

  test("a refused clipboard is reported, not silently ignored", async () => {
    install();
    stubClipboard(vi.fn().mockRejectedValue(new Error("denied")));
    render(ContactPanel, { contactId: 1, conversationId: 1, onOpen: vi.fn() });
    (await screen.findByRole("button", { name: /Copy phone/ })).click();
    expect(
      await screen.findByText("Couldn't copy"),
      "the user must not believe it was copied",
    ).toBeInTheDocument();
  });

  test("when the Clipboard API is refused, copying falls back to a selection copy", async () => {
    install();
    stubClipboard(vi.fn().mockRejectedValue(new Error("not allowed")));
    const execCommand = vi.fn().mockReturnValue(true);
    Object.defineProperty(document, "execCommand", {
      configurable: true,
      value: execCommand,
    });
    render(ContactPanel, { contactId: 1, conversationId: 1, onOpen: vi.fn() });
    (await screen.findByRole("button", { name: /Copy phone/ })).click();
    expect(
      await screen.findByText("Copied"),
      "the fallback copied it",
    ).toBeInTheDocument();
    expect(execCommand, "through the selection route").toHaveBeenCalledWith(
      "copy",
    );
    Reflect.deleteProperty(document, "execCommand");
  });

  test("See more shows the external id, chat id and collected data", async () => {
    install();
    render(ContactPanel, { contactId: 1, conversationId: 1, onOpen: vi.fn() });
    const more = await screen.findByRole("button", { name: "See more" });
    expect(more, "collapsed at first").toHaveAttribute(
      "aria-expanded",
      "false",
    );
    expect(screen.queryByText("CUST-991"), "details hidden").toBeNull();
    await userEvent.click(more);
    expect(
      screen.getByRole("button", { name: "See less" }),
      "expanded",
    ).toHaveAttribute("aria-expanded", "true");
    expect(
      screen.getByText("CUST-991"),
      "external identifier",
    ).toBeInTheDocument();
    expect(screen.getByText("wa-5511987654321"), "chat id").toBeInTheDocument();
    expect(screen.getByText("Plan"), "attribute name").toBeInTheDocument();
    expect(screen.getByText("Premium"), "attribute value").toBeInTheDocument();
  });

  test("previous conversations are listed and open on click", async () => {
    install();
    const onOpen = vi.fn();
    render(ContactPanel, { contactId: 1, conversationId: 1, onOpen });
    const previous = await screen.findByRole("button", {
      name: /Old question about sizes/,
    });
    expect(
      screen.queryByRole("button", { name: /Where is my order/ }),
      "the open one is not 'previous'",
    ).toBeNull();
    await userEvent.click(previous);
    expect(onOpen, "it opens in the center column").toHaveBeenCalledWith(4);
  });

  test("missing phone or email is said plainly", async () => {
    install();
    render(ContactPanel, { contactId: 2, conversationId: 2, onOpen: vi.fn() });
    expect(
      await screen.findByText("Not provided"),
      "João has no email",
    ).toBeInTheDocument();
    expect(
      screen.getByText("No other conversations with this contact."),
      "and no other conversation",
    ).toBeInTheDocument();
  });

  test("a contact missing from the cache is explained", async () => {
    install();
    render(ContactPanel, { contactId: 99, conversationId: 1, onOpen: vi.fn() });
    expect(
      await screen.findByRole("alert"),
      "the not_found code has its own message",
    ).toHaveTextContent("not in the local cache");
  });

  test("name and collected data are rendered as text", async () => {
    const data = smallData();
    data.contacts.push(
      contact(9, XSS, { attributes: { [XSS]: XSS }, external_id: XSS }),
    );
    data.conversations.push(conversation(9, 9, { last_activity_at: NOW }));
    install(data);
    const { container } = render(ContactPanel, {
      contactId: 9,
      conversationId: 9,
      onOpen: vi.fn(),
    });
    expect(
      await screen.findByRole("heading", { name: XSS }),
      "the name is literal",
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "See more" }));
    expect(
      screen.getAllByText(XSS).length,
      "name, external id, attribute key and value all literal",
    ).toBe(4);
    expect(container.querySelector("img"), "nothing injected").toBeNull();
  });

  test("a previous conversation shows the first question, why it went to a human and what went unanswered", async () => {
    const data = smallData();
    const HOUR = 3_600_000;
    // Maria's conversation 5: asked about Sundays, the assistant could not
    // answer twice, transferred twice for a refund, once for a complaint.
    data.conversations.push(
      conversation(5, 1, {
        status: "closed",
        last_message_preview: "Thanks, bye",
        last_activity_at: NOW - 48 * HOUR,
      }),
      // Conversation 6: only its end is cached.
      conversation(6, 1, {
        status: "closed",
        last_message_preview: "Ok, see you",
        last_activity_at: NOW - 72 * HOUR,
      }),
    );
    const transferred = (reason: string) =>
      message(5, "system", `Transferred to a human: ${reason}`, {
        event: { kind: "transferred", reason },
      });
    data.messages.push(
      message(5, "customer", "Do you open on Sundays?"),
      message(5, "assistant", "I couldn't find information about that.", {
        unanswered: true,
      }),
      message(5, "assistant", "Sorry, I don't know.", { unanswered: true }),
      transferred("refund"),
      transferred("refund"),
      transferred("complaint"),
      message(5, "customer", "Thanks, bye"),
      message(6, "customer", "Ok, see you"),
    );
    const backend = install(data);
    backend.notDownloaded.set(6, [message(6, "customer", "Older question")]);
    render(ContactPanel, { contactId: 1, conversationId: 1, onOpen: vi.fn() });

    const sundays = await screen.findByRole("button", {
      name: /Do you open on Sundays\?/,
    });
    expect(
      sundays,
      "the customer's first question stands for the conversation, not its last message",
    ).not.toHaveTextContent("Thanks, bye");
    expect(sundays, "one badge per reason, counted").toHaveTextContent(
      "transferred: refund (2×)",
    );
    expect(sundays).toHaveTextContent("transferred: complaint");
    const unanswered = within(sundays).getByText("unanswered");
    expect(unanswered, "the count is in its title").toHaveAttribute(
      "title",
      "The assistant could not answer 2 questions",
    );

    const cut = screen.getByRole("button", { name: /Ok, see you/ });
    expect(
      cut,
      "without the start in the cache, the last message stands in: a later message is not passed off as the first",
    ).not.toHaveTextContent("Older question");
    expect(
      within(cut).queryByText(/transferred|unanswered/),
      "no badge where nothing happened",
    ).toBeNull();
  });

  test("in Portuguese the panel, its badges and plural titles read in Portuguese", async () => {
    setLanguage("pt-BR");
    const data = smallData();
    data.conversations.push(
      conversation(5, 1, { status: "closed", last_activity_at: NOW - 1000 }),
      conversation(6, 1, { status: "closed", last_activity_at: NOW - 2000 }),
    );
    data.messages.push(
      message(5, "customer", "Abrem no domingo?"),
      message(5, "assistant", "Não sei.", { unanswered: true }),
      message(5, "system", "Transferred to a human", {
        event: { kind: "transferred", reason: "" },
      }),
      message(6, "customer", "E no sábado?"),
      message(6, "assistant", "Não sei.", { unanswered: true }),
      message(6, "assistant", "Também não sei.", { unanswered: true }),
    );
    install(data);
    render(ContactPanel, { contactId: 1, conversationId: 1, onOpen: vi.fn() });
    expect(
      await screen.findByRole("button", {
        name: "Copiar telefone +55 11 98765-4321",
      }),
      "the copy button's name is Portuguese",
    ).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Conversas anteriores" }));
    const sunday = screen.getByRole("button", { name: /Abrem no domingo/ });
    expect(sunday, "the status and badge are translated").toHaveTextContent(
      /encerrada.*transferida: sem motivo informado/,
    );
    expect(
      within(sunday).getByText("sem resposta"),
      "one: the singular",
    ).toHaveAttribute(
      "title",
      "O assistente não conseguiu responder 1 pergunta",
    );
    expect(
      within(screen.getByRole("button", { name: /E no sábado/ })).getByText(
        "sem resposta",
      ),
      "two: the plural",
    ).toHaveAttribute(
      "title",
      "O assistente não conseguiu responder 2 perguntas",
    );
  });

  test("a past transfer known only from the conversation's state still has its badge", async () => {
    const data = smallData();
    data.conversations.push(
      conversation(7, 2, {
        status: "closed",
        transfer_reason: XSS,
        transferred_at: NOW - 100 * 60_000,
        last_message_preview: "bye",
      }),
    );
    data.messages.push(message(7, "customer", XSS));
    install(data);
    const { container } = render(ContactPanel, {
      contactId: 2,
      conversationId: 2,
      onOpen: vi.fn(),
    });
    const previous = await screen.findByRole("button", { name: /bye|img/ });
    expect(previous, "the reason, literal").toHaveTextContent(
      `transferred: ${XSS}`,
    );
    expect(
      container.querySelector(".previous img"),
      "customer text and reasons are never HTML",
    ).toBeNull();
  });
});
