import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, test, vi } from "vitest";
import { install } from "../../test/fixtures";
import { showTheme } from "../theme";
import NotificationSettingsDialog from "./NotificationSettingsDialog.svelte";

afterEach(() => showTheme("light"));

test("the colours setting starts at the system's, and Dark is saved and shown at once", async () => {
  const backend = install();
  const onClose = vi.fn();
  render(NotificationSettingsDialog, {
    paused: false,
    onPause: vi.fn(),
    manager: false,
    onClose,
  });
  const colours = await screen.findByRole("combobox", { name: "Colours" });
  expect(colours, "the desktop's scheme by default").toHaveValue("system");
  await userEvent.selectOptions(colours, "Dark");
  expect(
    document.documentElement.dataset.theme,
    "nothing changes before Save: Cancel must leave the colours as they were",
  ).not.toBe("dark");
  await userEvent.click(screen.getByRole("button", { name: "Save" }));
  await waitFor(() => expect(onClose).toHaveBeenCalled());
  expect(
    backend.appSettings.theme,
    "the shell stores the choice (and sets the window's frame)",
  ).toBe("dark");
  expect(document.documentElement.dataset.theme).toBe("dark");
});

test("the stored theme is shown from the start of the app", async () => {
  const backend = install();
  backend.appSettings = { ...backend.appSettings, theme: "dark" };
  const { default: App } = await import("../../App.svelte");
  render(App);
  await waitFor(() =>
    expect(document.documentElement.dataset.theme).toBe("dark"),
  );
});
