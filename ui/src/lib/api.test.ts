import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, test, vi } from "vitest";
import * as api from "./api";

describe("api", () => {
  test("a coded command error keeps its code so the UI can branch on it", async () => {
    mockIPC(() => {
      throw { code: "unauthorized", message: "token rejected" };
    });
    const error = await api.session().catch((e: unknown) => e);
    expect(error, "callers catch one error type").toBeInstanceOf(api.ApiError);
    expect(
      (error as api.ApiError).code,
      "the code survives the IPC boundary",
    ).toBe("unauthorized");
  });

  test("an uncoded failure (a panic, a plain string) becomes an internal error", () => {
    const error = api.toApiError("thread panicked");
    expect(error.code, "the UI never has to parse message text").toBe(
      "internal",
    );
    expect(error.message, "the text is kept for humans").toContain("panicked");
  });

  test("commands send the argument names the Rust commands declare", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    await api.olderMessages(5, 40, 50);
    await api.setAssistantState(5, "paused");
    await api.openExternal("https://example.com");
    expect(calls, "camelCase keys map to the Rust parameters").toEqual([
      ["older_messages", { conversationId: 5, before: 40, limit: 50 }],
      ["set_assistant_state", { conversationId: 5, state: "paused" }],
      ["open_external", { url: "https://example.com" }],
    ]);
  });

  test("a subscription stopped before listen resolves never delivers and is released", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const handler = vi.fn();
    const stop = api.onSync(handler);
    stop(); // the component unmounted while `listen` was still pending
    await new Promise((r) => setTimeout(r, 10));
    await emit(api.EVENTS.sync, { kind: "transfers_detected" });
    expect(
      handler,
      "a gone component must not receive events",
    ).not.toHaveBeenCalled();
  });

  test("a live subscription receives the event payload", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const handler = vi.fn();
    const stop = api.onSync(handler);
    await new Promise((r) => setTimeout(r, 10));
    await emit(api.EVENTS.sync, { kind: "conversations_changed", ids: [3] });
    expect(handler, "the payload is passed as is").toHaveBeenCalledWith({
      kind: "conversations_changed",
      ids: [3],
    });
    stop();
  });
});
