import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import type { AssistantState } from "../bindings/AssistantState";
import type { Role } from "../bindings/Role";
import AssistantControl from "./AssistantControl.svelte";

function renderControl(role: Role, confirmed: AssistantState) {
  const onChange = vi.fn();
  render(AssistantControl, {
    confirmed,
    pending: null,
    disabled: false,
    role,
    onChange,
  });
  return onChange;
}

function option(name: RegExp) {
  return screen.getByRole("button", { name });
}

describe("AssistantControl by role", () => {
  test("an agent cannot block, and is told a manager can", async () => {
    const onChange = renderControl("agent", "active");
    const block = option(/User Blocked/);
    expect(block, "blocking is a manager's").toBeDisabled();
    expect(block, "the tooltip says who can").toHaveAttribute(
      "title",
      expect.stringMatching(/manager/i),
    );
    await userEvent.click(block);
    expect(
      onChange,
      "a disabled option reports nothing",
    ).not.toHaveBeenCalled();
    expect(
      option(/Assistant Paused/),
      "pausing stays an agent's",
    ).toBeEnabled();
  });

  test("an agent cannot unblock a blocked customer either", () => {
    renderControl("agent", "blocked");
    for (const name of [/Assistant Active/, /Assistant Paused/]) {
      expect(option(name), "unblocking is a manager's too").toBeDisabled();
      expect(option(name)).toHaveAttribute(
        "title",
        expect.stringMatching(/manager/i),
      );
    }
  });

  test("a manager may block and unblock", async () => {
    const onChange = renderControl("manager", "active");
    const block = option(/User Blocked/);
    expect(block).toBeEnabled();
    expect(block, "no tooltip where nothing is withheld").not.toHaveAttribute(
      "title",
    );
    await userEvent.click(block);
    expect(onChange).toHaveBeenCalledWith("blocked");
  });
});
