import { cleanup, render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import { install } from "../../test/fixtures";
import { history } from "../history.svelte";
import NotificationSettingsDialog from "./NotificationSettingsDialog.svelte";

function saved(
  backend: ReturnType<typeof install>,
  cmd = "set_notification_settings",
) {
  return backend.calls.filter((c) => c.cmd === cmd);
}

/**
 * Opens the dialog, notifications not paused, for an agent unless
 * `manager`; returns its onClose spy.
 */
function openDialog({ manager = false } = {}) {
  const onClose = vi.fn();
  render(NotificationSettingsDialog, {
    paused: false,
    onPause: vi.fn(),
    manager,
    onClose,
  });
  return onClose;
}

/** Replaces what a field holds, as a user would: select all, type. */
async function retype(field: HTMLElement, text: string) {
  await userEvent.clear(field);
  await userEvent.type(field, text);
}

describe("settings", () => {
  test("shows the stored settings", async () => {
    const backend = install();
    backend.notificationSettings = {
      enabled: true,
      transfers: true,
      escalations: true,
      escalation_minutes: 5,
      sound: false,
      quiet_hours: { start_minute: 1290, end_minute: 390 },
      reminder_minutes: 0,
      daily_review: true,
      daily_review_minute: 8 * 60 + 30,
    };
    openDialog();
    const enabled = await screen.findByRole("checkbox", {
      name: "Show desktop notifications",
    });
    expect(enabled).toBeChecked();
    expect(enabled, "focus starts on the first setting").toHaveFocus();
    expect(
      screen.getByRole("checkbox", { name: "Play a sound" }),
    ).not.toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Quiet hours" })).toBeChecked();
    expect(screen.getByLabelText("Quiet hours start")).toHaveValue("21:30");
    expect(screen.getByLabelText("Quiet hours end")).toHaveValue("06:30");
    expect(
      screen.getByRole("checkbox", { name: "Remind me every" }),
    ).not.toBeChecked();
    expect(
      screen.getByLabelText("Minutes between reminders"),
      "reminders off: the field waits, disabled",
    ).toBeDisabled();
    expect(
      screen.getByRole("checkbox", { name: "Daily review reminder at" }),
    ).toBeChecked();
    expect(screen.getByLabelText("Daily review reminder time")).toHaveValue(
      "08:30",
    );
  });

  test("the daily review reminder can be moved or switched off", async () => {
    const backend = install();
    const onClose = openDialog();
    const daily = await screen.findByRole("checkbox", {
      name: "Daily review reminder at",
    });
    expect(daily, "on by default").toBeChecked();
    const time = screen.getByLabelText("Daily review reminder time");
    expect(time, "at 09:00 by default").toHaveValue("09:00");
    await retype(time, "07:45");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(backend.notificationSettings).toMatchObject({
      daily_review: true,
      daily_review_minute: 7 * 60 + 45,
    });

    cleanup(); // the page unmounts a closed dialog
    const again = openDialog();
    const off = await screen.findByRole("checkbox", {
      name: "Daily review reminder at",
    });
    await userEvent.click(off);
    expect(
      screen.getByLabelText("Daily review reminder time"),
      "off: the time waits, disabled",
    ).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(again).toHaveBeenCalled());
    expect(backend.notificationSettings).toMatchObject({
      daily_review: false,
      daily_review_minute: 7 * 60 + 45,
    });
  });

  test("edits are saved as the shell stores them, and the dialog closes", async () => {
    const backend = install();
    const onClose = openDialog();
    await userEvent.click(
      await screen.findByRole("checkbox", { name: "Play a sound" }),
    );
    await userEvent.click(
      screen.getByRole("checkbox", { name: "Quiet hours" }),
    );
    const start = screen.getByLabelText("Quiet hours start");
    await retype(start, "23:15");
    const minutes = screen.getByLabelText("Minutes between reminders");
    await retype(minutes, "12");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(saved(backend).map((c) => c.args)).toEqual([
      {
        settings: {
          enabled: true,
          transfers: true,
          escalations: true,
          escalation_minutes: 5,
          sound: false,
          quiet_hours: { start_minute: 23 * 60 + 15, end_minute: 7 * 60 },
          reminder_minutes: 12,
          daily_review: true,
          daily_review_minute: 9 * 60,
        },
      },
    ]);
    expect(backend.notificationSettings.reminder_minutes, "stored").toBe(12);
  });

  test("notifications off greys out what only applies to shown ones", async () => {
    install();
    openDialog();
    const sound = await screen.findByRole("checkbox", { name: "Play a sound" });
    expect(sound).toBeEnabled();
    await userEvent.click(
      screen.getByRole("checkbox", { name: "Show desktop notifications" }),
    );
    expect(sound).toBeDisabled();
    expect(
      screen.getByRole("checkbox", { name: "Quiet hours" }),
    ).toBeDisabled();
    expect(
      screen.getByRole("checkbox", { name: "Remind me every" }),
    ).toBeDisabled();
    expect(
      screen.getByRole("checkbox", { name: "Alert me on transfers" }),
    ).toBeDisabled();
  });

  test("an agent is alerted on transfers and is not offered escalations", async () => {
    const backend = install();
    backend.notificationSettings.escalation_minutes = 20;
    const onClose = openDialog();
    const transfers = await screen.findByRole("checkbox", {
      name: "Alert me on transfers",
    });
    expect(transfers).toBeChecked();
    expect(
      screen.queryByRole("checkbox", { name: "Alert me on escalations" }),
      "escalations go to managers only",
    ).toBeNull();
    expect(screen.queryByLabelText("Escalate after")).toBeNull();
    await userEvent.click(transfers);
    expect(
      screen.getByRole("checkbox", { name: "Remind me every" }),
      "reminders are transfer alerts: off with them",
    ).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(saved(backend).map((c) => c.args)).toEqual([
      {
        settings: expect.objectContaining({
          transfers: false,
          escalations: true,
          escalation_minutes: 20,
        }),
      },
    ]);
  });

  test("a manager switches escalations and sets their delay", async () => {
    const backend = install();
    const onClose = openDialog({ manager: true });
    const escalations = await screen.findByRole("checkbox", {
      name: "Alert me on escalations",
    });
    expect(escalations, "on by default for a manager").toBeChecked();
    const after = screen.getByLabelText("Escalate after");
    expect(after).toHaveValue(5);
    await retype(after, "12");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(backend.notificationSettings).toMatchObject({
      transfers: true,
      escalations: true,
      escalation_minutes: 12,
    });

    openDialog({ manager: true });
    const again = (
      await screen.findAllByRole("checkbox", {
        name: "Alert me on escalations",
      })
    ).at(-1)!;
    await userEvent.click(again);
    expect(
      screen.getAllByLabelText("Escalate after").at(-1),
      "no escalations: the delay waits, disabled",
    ).toBeDisabled();
  });

  test("an escalation delay that could never work is explained and nothing is saved", async () => {
    const backend = install();
    const onClose = openDialog({ manager: true });
    // The field's own limits stop 0 or 2.5 before a save; an emptied
    // field reaches the check.
    await userEvent.clear(await screen.findByLabelText("Escalate after"));
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Escalations need a whole number of minutes, from 1 to 1440.",
    );
    expect(saved(backend), "nothing sent").toEqual([]);
    expect(onClose).not.toHaveBeenCalled();
  });

  test("a setting that could never work is explained and nothing is saved", async () => {
    const backend = install();
    const onClose = openDialog();
    await userEvent.click(
      await screen.findByRole("checkbox", { name: "Quiet hours" }),
    );
    const end = screen.getByLabelText("Quiet hours end");
    await retype(end, "22:00");
    await userEvent.keyboard("{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Quiet hours must start and end at different times.",
    );
    expect(saved(backend), "nothing sent").toEqual([]);
    expect(onClose).not.toHaveBeenCalled();
  });

  test("a refused save says why and keeps the edits", async () => {
    const backend = install();
    backend.failNext.set("set_notification_settings", {
      code: "store",
      message: "the disk is full",
    });
    const onClose = openDialog();
    const sound = await screen.findByRole("checkbox", { name: "Play a sound" });
    await userEvent.click(sound);
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Couldn't save: The local cache failed. Details: the disk is full",
    );
    expect(sound, "the edit is still there to retry").not.toBeChecked();
    expect(onClose).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(backend.notificationSettings.sound).toBe(false);
  });

  test("a failed read is shown with a way to try again", async () => {
    const backend = install();
    backend.failNext.set("notification_settings", {
      code: "store",
      message: "database is locked",
    });
    openDialog();
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "database is locked",
    );
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(
      await screen.findByRole("checkbox", { name: "Play a sound" }),
    ).toBeChecked();
  });

  test("Esc and Cancel close without saving", async () => {
    const backend = install();
    const onClose = openDialog();
    await userEvent.click(
      await screen.findByRole("checkbox", { name: "Play a sound" }),
    );
    await userEvent.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(onClose).toHaveBeenCalledTimes(2);
    expect(saved(backend)).toEqual([]);
    expect(backend.notificationSettings.sound).toBe(true);
  });

  test("the app section shows whether the app keeps running and starts at login", async () => {
    const backend = install();
    backend.appSettings = {
      keep_running_in_background: false,
      start_at_login: true,
      keep_history: "all",
      theme: "system",
      language: "system",
    };
    openDialog();
    expect(
      await screen.findByRole("checkbox", {
        name: "Keep running in the background when the window is closed",
      }),
    ).not.toBeChecked();
    expect(
      screen.getByRole("checkbox", { name: "Start Switchboard when I log in" }),
    ).toBeChecked();
    expect(
      screen.getByText(/press Ctrl\+Q/),
      "the section says how to quit",
    ).toBeInTheDocument();
  });

  test("app settings are saved with the rest, as the shell stores them", async () => {
    const backend = install();
    const onClose = openDialog();
    await userEvent.click(
      await screen.findByRole("checkbox", {
        name: "Keep running in the background when the window is closed",
      }),
    );
    await userEvent.click(
      screen.getByRole("checkbox", { name: "Start Switchboard when I log in" }),
    );
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(saved(backend, "set_app_settings").map((c) => c.args)).toEqual([
      {
        settings: {
          keep_running_in_background: false,
          start_at_login: true,
          keep_history: "all",
          theme: "system",
          language: "system",
        },
      },
    ]);
    expect(
      saved(backend),
      "the notification settings are saved too",
    ).toHaveLength(1);
  });

  test("keeping history for 90 days is saved and known to the rest of the app", async () => {
    const backend = install();
    const onClose = openDialog();
    const keep = await screen.findByRole("combobox", {
      name: "Keep history for",
    });
    expect(keep, "all history is kept by default").toHaveValue("all");
    await userEvent.selectOptions(keep, "90 days");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(
      saved(backend, "set_app_settings").at(-1)?.args,
      "the shell prunes the cache to what it is told to keep",
    ).toMatchObject({ settings: { keep_history: "days90" } });
    expect(
      history.keep,
      "the conversation and search say what is kept from now on",
    ).toBe("days90");
    history.keep = "all";
  });

  test("a refused app setting says why and keeps the dialog open", async () => {
    const backend = install();
    backend.failNext.set("set_app_settings", {
      code: "internal",
      message: "the login entry: permission denied",
    });
    const onClose = openDialog();
    await userEvent.click(
      await screen.findByRole("checkbox", {
        name: "Start Switchboard when I log in",
      }),
    );
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Couldn't save: Something went wrong. Details: the login entry: permission denied",
    );
    expect(onClose).not.toHaveBeenCalled();
    expect(backend.appSettings.start_at_login, "nothing stored").toBe(false);
  });

  test("Esc and Cancel leave the app settings as stored", async () => {
    const backend = install();
    openDialog();
    await userEvent.click(
      await screen.findByRole("checkbox", {
        name: "Keep running in the background when the window is closed",
      }),
    );
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(saved(backend, "set_app_settings")).toEqual([]);
    expect(backend.appSettings.keep_running_in_background).toBe(true);
  });

  test("Tab stays inside the dialog", async () => {
    install();
    openDialog();
    const first = await screen.findByRole("checkbox", {
      name: "Show desktop notifications",
    });
    const save = screen.getByRole("button", { name: "Save" });
    save.focus();
    await userEvent.tab();
    expect(first, "from the last control back to the first").toHaveFocus();
    await userEvent.tab({ shift: true });
    expect(save, "and back again").toHaveFocus();
  });
});
