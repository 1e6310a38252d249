// The top bar names where the window works, so that an agent with more than
// one server (or Chatwoot account) knows which one they are answering in.
import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, test } from "vitest";
import App from "./App.svelte";
import { setLanguage } from "./lib/i18n.svelte";
import { install, smallData } from "./test/fixtures";

async function topBar() {
  return (await screen.findByRole("banner")) as HTMLElement;
}

/** Signs in to account 1 of https://chat.example.com from the sign-in screen. */
async function signInToChatwoot() {
  install(smallData(), {});
  render(App);
  await userEvent.click(await screen.findByRole("radio", { name: "Chatwoot" }));
  await userEvent.type(
    screen.getByLabelText("Chatwoot URL"),
    "https://chat.example.com",
  );
  await userEvent.type(screen.getByLabelText("Account id"), "1");
  await userEvent.type(screen.getByLabelText("Access token"), "good-token");
  await userEvent.keyboard("{Enter}");
}

describe("the top bar names the server", () => {
  afterEach(() => setLanguage("en"));

  test("signed in to Chatwoot: Chatwoot, its host and the account", async () => {
    await signInToChatwoot();
    const server = await within(await topBar()).findByText(
      "Chatwoot · chat.example.com · account 1",
    );
    expect(server, "the whole address on hover").toHaveAttribute(
      "title",
      "Signed in to https://chat.example.com",
    );
  });

  test("signed in to a Switchboard backend: its host; in demo mode, nothing beside the Demo badge", async () => {
    install(smallData(), {});
    render(App);
    await userEvent.type(
      await screen.findByLabelText("Backend URL"),
      "https://assistant.example.com",
    );
    await userEvent.type(screen.getByLabelText("Access token"), "good-token");
    await userEvent.keyboard("{Enter}");
    const bar = await topBar();
    expect(
      await within(bar).findByText("assistant.example.com"),
      "the backend's host",
    ).toBeInTheDocument();
    expect(
      within(bar).queryByText(/Chatwoot/),
      "not a Chatwoot account",
    ).toBeNull();
  });

  test("the label follows the language", async () => {
    await signInToChatwoot();
    await within(await topBar()).findByText(
      "Chatwoot · chat.example.com · account 1",
    );
    setLanguage("pt-BR");
    expect(
      await within(await topBar()).findByText(
        "Chatwoot · chat.example.com · conta 1",
      ),
      "the account is named in the language shown",
    ).toBeInTheDocument();
  });
});
