import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import {
  contact,
  conversation,
  install,
  NOW,
  smallData,
} from "../../test/fixtures";
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
});
