// The one place the page invokes a Rust command. The typed function per
// command is generated from the Rust side (`bindings/commands.ts`) and calls
// `call` here; a rejection is always an `ApiError` with a stable `code`.

import { invoke } from "@tauri-apps/api/core";
import type { IpcError } from "./bindings/IpcError";
import type { IpcErrorCode } from "./bindings/IpcErrorCode";
import { noteCacheDamage } from "./cacheDamage.svelte";

/**
 * A command failed. Branch on `code`; `message` is English for logs, shown
 * only as a detail (`errorText` in `errors.ts` words it for the user).
 */
export class ApiError extends Error implements IpcError {
  readonly code: IpcErrorCode;
  readonly holder?: string;

  constructor({ code, message, holder }: IpcError) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    if (holder !== undefined) this.holder = holder;
  }
}

/** Turns whatever `invoke` rejected with into an `ApiError`. */
export function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (
    typeof raw === "object" &&
    raw !== null &&
    typeof (raw as { code?: unknown }).code === "string"
  ) {
    const { code, message, holder } = raw as {
      code: IpcErrorCode;
      message?: unknown;
      holder?: unknown;
    };
    return new ApiError({
      code,
      message: String(message ?? code),
      ...(typeof holder === "string" ? { holder } : {}),
    });
  }
  // A panic or a transport failure: not one of our coded errors.
  return new ApiError({ code: "internal", message: String(raw) });
}

/**
 * Invokes a command by name. Called by the generated functions, which give
 * each command its argument and result types (`bindings/commands.ts`).
 */
export async function call<T>(
  command: string,
  args: Record<string, unknown>,
): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    const error = toApiError(raw);
    if (error.code === "cache_damaged") noteCacheDamage();
    throw error;
  }
}
