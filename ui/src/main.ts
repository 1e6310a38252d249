import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import { takeBoot } from "./lib/boot";
import { prefetchFirstList } from "./lib/firstList";
import { markStartup } from "./lib/startup";
import { showTheme } from "./lib/theme";

markStartup("script running");
const boot = takeBoot();
// The chosen scheme from the first frame (the desktop's until it is known).
showTheme(boot?.theme ?? "system");
prefetchFirstList(boot?.first_list);

const target = document.getElementById("app");
if (!target) throw new Error("index.html lacks #app");

// The first screen the shell may have drawn in the document goes as the
// page takes its place (src-tauri/src/first_screen.rs).
target.replaceChildren();
const app = mount(App, { target, props: { boot } });
markStartup("mounted");
export default app;
