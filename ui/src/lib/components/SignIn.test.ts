// The sign-in form's Chatwoot choice: its fields, where the token is found,
// and an explanation for each way a Chatwoot sign-in is refused.
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, test, vi } from "vitest";
import { setLanguage } from "../i18n.svelte";
import { install } from "../../test/fixtures";
import SignIn from "./SignIn.svelte";

/** Chooses Chatwoot with the keyboard only, as a person without a mouse would. */
async function chooseChatwootByKeyboard() {
  const switchboard = await screen.findByRole("radio", {
    name: "Switchboard backend",
  });
  expect(switchboard, "a Switchboard backend is the default").toBeChecked();
  switchboard.focus();
  await userEvent.keyboard("{ArrowRight}");
  expect(
    screen.getByRole("radio", { name: "Chatwoot" }),
    "the arrow keys move between the two kinds of server",
  ).toBeChecked();
}

async function fillChatwoot(url: string, account: string, token: string) {
  await userEvent.type(screen.getByLabelText("Chatwoot URL"), url);
  await userEvent.type(screen.getByLabelText("Account id"), account);
  await userEvent.type(screen.getByLabelText("Access token"), token);
}

describe("signing in to Chatwoot", () => {
  test("URL, account id and token reach the shell's Chatwoot sign-in", async () => {
    const backend = install();
    const onSignedIn = vi.fn();
    render(SignIn, { onSignedIn });
    await chooseChatwootByKeyboard();
    expect(
      screen.getByLabelText("Access token"),
      "the token field says where Chatwoot shows the token",
    ).toHaveAccessibleDescription(/Profile settings → Access Token/);
    expect(
      screen.getByLabelText("Account id"),
      "the account field says where the id is found",
    ).toHaveAccessibleDescription(/\/app\/accounts\//);
    await fillChatwoot(" https://chat.example.com ", " 1 ", "good-token");
    await userEvent.keyboard("{Enter}");
    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(
      backend.calls.find((c) => c.cmd === "sign_in_chatwoot")?.args,
      "the account id goes as a number, URL and token trimmed",
    ).toEqual({
      baseUrl: "https://chat.example.com",
      accountId: 1,
      token: "good-token",
      consent: { allow_insecure: false, discard_unsent: false },
    });
    expect(
      backend.calls.some((c) => c.cmd === "sign_in"),
      "a Chatwoot sign-in never goes to the Switchboard backend's command",
    ).toBe(false);
  });

  test("a wrong token, a wrong account and an unreachable server are each explained", async () => {
    install();
    render(SignIn, { onSignedIn: vi.fn() });
    await chooseChatwootByKeyboard();
    const url = screen.getByLabelText("Chatwoot URL");
    const account = screen.getByLabelText("Account id");
    const token = screen.getByLabelText("Access token");
    const submit = screen.getByRole("button", { name: "Sign in" });

    await fillChatwoot("https://chat.example.com", "1", "wrong-token");
    await userEvent.click(submit);
    expect(
      await screen.findByRole("alert"),
      "a refused token points at where to copy it again",
    ).toHaveTextContent(/rejected this access token.*Profile settings/);

    await userEvent.clear(token);
    await userEvent.type(token, "good-token");
    await userEvent.clear(account);
    await userEvent.type(account, "3");
    await userEvent.click(submit);
    expect(
      await screen.findByRole("alert"),
      "a good token in another account points at the account id",
    ).toHaveTextContent(/not a member of account 3/);

    await userEvent.clear(account);
    await userEvent.type(account, "1");
    await userEvent.clear(url);
    await userEvent.type(url, "https://unreachable.example.com");
    await userEvent.click(submit);
    expect(
      await screen.findByRole("alert"),
      "a server that does not answer is not blamed on the token",
    ).toHaveTextContent(/Can't reach https:\/\/unreachable\.example\.com/);
  });

  test("an account id that is not a whole number cannot be sent", async () => {
    install();
    render(SignIn, { onSignedIn: vi.fn() });
    await chooseChatwootByKeyboard();
    await fillChatwoot("https://chat.example.com", "acme", "good-token");
    expect(
      screen.getByRole("button", { name: "Sign in" }),
      "Chatwoot's account ids are numbers",
    ).toBeDisabled();
  });
});

describe("a sign-in failure in the user's language", () => {
  afterEach(() => setLanguage("en"));

  test("in Portuguese the reason is Portuguese, with the shell's English only as a detail", async () => {
    setLanguage("pt-BR");
    const backend = install();
    backend.failNext.set("sign_in", {
      code: "store",
      message: "database disk image is malformed",
    });
    render(SignIn, { onSignedIn: vi.fn() });
    await userEvent.type(
      await screen.findByLabelText("URL do backend"),
      "https://backend.example.com",
    );
    await userEvent.type(
      screen.getByLabelText("Token de acesso"),
      "good-token",
    );
    await userEvent.click(screen.getByRole("button", { name: "Entrar" }));
    expect(
      await screen.findByRole("alert"),
      "the sentence is the reader's language; the technical cause stays for a bug report",
    ).toHaveTextContent(
      "Não foi possível entrar: O cache local falhou. Detalhes: database disk image is malformed",
    );
  });
});
