// A failed command in the user's language. The shell's `message` is English
// for logs and bug reports; the sentence shown comes from the error's
// `code` (a closed set), so a Portuguese agent reads Portuguese. Where the
// English is a detail worth reporting or acting on (an OS or HTTP error,
// the reason a request was refused: "the conversation is closed", "couldn't
// write <file>: disk full"), it follows the sentence, never replaces it.

import type { IpcErrorCode } from "./bindings/IpcErrorCode";
import { t } from "./i18n.svelte";
import { toApiError } from "./ipc";

/** The sentence per code (ids spelled out so the catalogue check sees them). */
const SENTENCE: Record<IpcErrorCode, string> = {
  not_signed_in: "app-error-not-signed-in",
  unauthorized: "app-error-unauthorized",
  invalid_input: "app-error-invalid-input",
  insecure_connection: "app-error-insecure-connection",
  unsent_writes_of_another_user: "app-error-unsent-writes-of-another-user",
  account_not_found: "app-error-account-not-found",
  not_found: "app-error-not-found",
  handled_by_someone_else: "app-error-handled-by-someone-else",
  unreachable: "app-error-unreachable",
  store: "app-error-store",
  cache_damaged: "app-error-cache-damaged",
  internal: "app-error-internal",
};

/** Codes whose English message is a detail a person can report or act on. */
const WITH_DETAIL: ReadonlySet<IpcErrorCode> = new Set([
  "invalid_input",
  "unreachable",
  "store",
  "internal",
]);

/** What went wrong, in the language shown, for whatever a command rejected with. */
export function errorText(raw: unknown): string {
  const error = toApiError(raw);
  if (error.code === "handled_by_someone_else" && error.holder)
    return t("app-error-handled-by", { holder: error.holder });
  const sentence = t(SENTENCE[error.code] ?? SENTENCE.internal);
  if (!WITH_DETAIL.has(error.code) || error.message === error.code)
    return sentence;
  return t("app-error-with-detail", { sentence, detail: error.message });
}
