// Copying text for the contact panel. The async Clipboard API first; when the
// webview refuses it (no secure context, no permission), the older
// select-and-copy route, which WebKitGTK still honours after a click (or a
// key press). That route selects a hidden field: focus goes back to where it
// was, so the copy button keeps it.

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return copyBySelection(text);
  }
}

function copyBySelection(text: string): boolean {
  const before = document.activeElement;
  const field = document.createElement("textarea");
  field.value = text;
  field.setAttribute("readonly", "");
  field.className = "visually-hidden";
  document.body.append(field);
  try {
    field.select();
    return (
      typeof document.execCommand === "function" && document.execCommand("copy")
    );
  } catch {
    return false;
  } finally {
    field.remove();
    if (before instanceof HTMLElement) before.focus();
  }
}
