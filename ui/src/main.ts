import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import { prefetchFirstList } from "./lib/firstList";
import { markStartup } from "./lib/startup";
import { showTheme } from "./lib/theme";

markStartup("script running");
// The desktop's scheme from the first frame; the stored setting follows.
showTheme("system");
prefetchFirstList();

const target = document.getElementById("app");
if (!target) throw new Error("index.html lacks #app");

const app = mount(App, { target });
markStartup("mounted");
export default app;
