// A conversation a person put off until later (Chatwoot's "snoozed") says
// so, in the list and in its header, instead of passing for one a person
// is handling.
import { render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, test, vi } from "vitest";
import { conversation, install, NOW, smallData } from "../../test/fixtures";
import { setLanguage } from "../i18n.svelte";
import { clockTime } from "../time";
import ChatPane from "./ChatPane.svelte";
import ConversationList from "./ConversationList.svelte";

const MIN = 60_000;
const UNTIL = NOW + 30 * MIN;

/** Maria's conversation snoozed until half an hour from now; Li Wei's until he writes. */
function snoozedData() {
  const data = smallData();
  data.conversations[0] = conversation(1, 1, {
    assistant_state: "paused",
    last_message_preview: "Where is my order?",
    last_activity_at: NOW - 2 * MIN,
    snooze: { until: UNTIL },
  });
  data.conversations[2] = conversation(3, 3, {
    assistant_state: "paused",
    last_message_preview: "I'll check and write",
    last_activity_at: NOW - 90 * MIN,
    snooze: { until: null },
  });
  return data;
}

async function rowOf(name: string) {
  const list = await screen.findByRole("listbox");
  const rows = await within(list).findAllByRole("option");
  const row = rows.find((r) => r.textContent?.includes(name));
  expect(row, `${name} is listed`).toBeDefined();
  return row as HTMLElement;
}

describe("a snoozed conversation", () => {
  afterEach(() => setLanguage("en"));

  test("its row says until when, not that someone is on it", async () => {
    install(snoozedData());
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    const maria = await rowOf("Maria Silva");
    expect(maria, "snoozed until a time today: the time").toHaveTextContent(
      `Snoozed until ${clockTime(UNTIL)}`,
    );
    expect(
      maria,
      "snoozed is said instead of paused, which would read as handled",
    ).not.toHaveTextContent("Paused");
    const li = await rowOf("Li Wei");
    const badge = within(li).getByText("Snoozed");
    expect(
      badge,
      "until the customer writes: the tooltip says so",
    ).toHaveAttribute(
      "title",
      "Put off by a person until the customer writes again",
    );
  });

  test("its header says it is snoozed instead of open", async () => {
    install(snoozedData());
    render(ChatPane, {
      conversationId: 1,
      agentName: "Ana Souza",
      role: "agent",
      myId: 7,
    });
    const header = (await screen.findByText(/^Snoozed until/)).closest(
      ".chat-header",
    ) as HTMLElement;
    expect(header, "the header of the open conversation").not.toBeNull();
    expect(header).toHaveTextContent(`Snoozed until ${clockTime(UNTIL)}`);
    expect(
      within(header).queryByText("Open"),
      "not shown as simply open",
    ).toBeNull();
  });

  test("is worded in the user's language", async () => {
    setLanguage("es");
    install(snoozedData());
    render(ConversationList, { selectedId: null, onOpen: vi.fn() });
    expect(await rowOf("Li Wei")).toHaveTextContent("Pospuesta");
    expect(await rowOf("Maria Silva")).toHaveTextContent(
      `Pospuesta hasta ${clockTime(UNTIL)}`,
    );
  });
});
