// Reports the first paint as Switchboard does: two animation frames after
// the content is in the document, the page calls `app_ready`.
requestAnimationFrame(() =>
  requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke("app_ready")),
);
