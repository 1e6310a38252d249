// Served only with a first screen the shell drew into the document
// (src-tauri/src/first_screen.rs), in place of the page's own script tag:
// the page's script would otherwise run before the engine's first frame
// and hold that frame until the page has mounted (~100 ms on a small
// machine). Here the frame comes first: the page's script is added when
// the frame that shows the screen is being made, and the shell hears,
// one frame later, that the screen was painted (how the app's start-up
// is measured, as the empty window's page is).
(() => {
  const module = document.querySelector("script[data-module]")?.dataset.module;
  if (!module) return;
  let added = false;
  const addThePage = () => {
    if (added) return;
    added = true;
    const script = document.createElement("script");
    script.type = "module";
    script.crossOrigin = "";
    script.src = module;
    document.head.append(script);
  };
  // A window made hidden gets no frames until shown: the page still loads.
  setTimeout(addThePage, 200);
  requestAnimationFrame(() => {
    // Still there in this frame (the page is not mounted before it adds).
    const shown = !added && document.querySelector(".first-screen") !== null;
    addThePage();
    if (!shown) return;
    requestAnimationFrame(() => {
      window.__TAURI_INTERNALS__
        ?.invoke("first_screen_painted")
        .catch((e) => console.warn("first_screen_painted failed", e));
    });
  });
})();
