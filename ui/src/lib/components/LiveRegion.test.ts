import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, test } from "vitest";
import App from "../../App.svelte";
import { install } from "../../test/fixtures";

/** The workspace's polite live region. */
async function liveRegion() {
  await screen.findByRole("listbox", { name: "Conversations" });
  const region = document.querySelector<HTMLElement>(
    "[role=status][aria-live=polite][aria-atomic=true]",
  );
  expect(region, "one polite live region in the workspace").not.toBeNull();
  return region as HTMLElement;
}

/** What the region says now. */
const said = (region: HTMLElement) => region.textContent?.trim() ?? "";

const settle = () => new Promise((r) => setTimeout(r, 200));

/** Opens João's conversation from the list and sends `text` with Enter. */
async function replyToJoao(text: string) {
  const list = await screen.findByRole("listbox", { name: "Conversations" });
  await userEvent.click(await within(list).findByText("João Santos"));
  await userEvent.type(
    await screen.findByRole("textbox", { name: /Reply to/ }),
    `${text}{Enter}`,
  );
}

describe("live region", () => {
  test("a customer starting to wait is announced; the count read at start is not", async () => {
    const backend = install();
    render(App);
    const region = await liveRegion();
    await screen.findByText("1 waiting");
    await settle();
    expect(said(region), "João already waited when the app opened").toBe("");
    backend.transfer(1, "asked for a human");
    await waitFor(() =>
      expect(region).toHaveTextContent(
        "A customer is waiting for a human. 2 waiting.",
      ),
    );
  });

  test("a reply is announced once delivered; other conversations' new messages are not", async () => {
    const backend = install();
    render(App);
    const region = await liveRegion();
    await replyToJoao("On its way");
    await screen.findByText("Sending…", { selector: ".status" });
    backend.customerSays(1, "Any news on my order?");
    await settle();
    expect(
      said(region),
      "neither a queued reply nor a preview changing in the list is announced",
    ).toBe("");
    const [item] = backend.outbox.values();
    backend.settle(item.id, null);
    await waitFor(() => expect(region).toHaveTextContent("Reply sent"));
  });

  test("a reply delivered before its sending was answered is still announced", async () => {
    const backend = install();
    // On a fast loopback the engine can report "sent" before the page has
    // the answer to `send_reply`.
    const enqueue = backend.enqueue.bind(backend);
    backend.enqueue = (...args: Parameters<typeof enqueue>) => {
      const item = enqueue(...args);
      backend.settle(item.id, null);
      return item;
    };
    render(App);
    const region = await liveRegion();
    await replyToJoao("Right away");
    await waitFor(() => expect(region).toHaveTextContent("Reply sent"));
  });
});
