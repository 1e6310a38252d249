// Whether the backend can be reached, for the parts of the screen that word
// things differently offline (a queued reply is not "sending"). The
// workspace sets it from the sync status; the rest only read it.

import { t } from "./i18n.svelte";

class Connection {
  offline = $state(false);
}

export const connection = new Connection();

/** What a write the backend has not confirmed is doing now. */
export function pendingLabel(): string {
  return connection.offline ? t("conv-queued-offline") : t("conv-sending");
}
