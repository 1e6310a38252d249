// Where the signed-in session works, for the top bar: an agent with a
// Chatwoot account and a Switchboard backend (or two Chatwoot accounts)
// must see at a glance which one this window is.

import type { Session } from "./bindings/Session";
import { t } from "./i18n.svelte";

type SignedIn = Extract<Session, { type: "signed_in" }>;

/** The host of a server address ("chat.example.com"), or the address as given. */
function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host || baseUrl;
  } catch {
    return baseUrl;
  }
}

/**
 * "Chatwoot · chat.example.com · account 3", or the host of a Switchboard
 * backend; `null` in demo mode (the Demo badge says it). `title` is the
 * whole address.
 */
export function serverLabel(
  session: SignedIn,
): { text: string; title: string } | null {
  if (session.demo) return null;
  const host = hostOf(session.base_url);
  const text =
    session.chatwoot_account === null
      ? t("app-server-switchboard", { host })
      : t("app-server-chatwoot", {
          host,
          account: String(session.chatwoot_account),
        });
  return { text, title: t("app-server-title", { url: session.base_url }) };
}
