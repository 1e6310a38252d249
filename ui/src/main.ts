import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import { prefetchFirstList } from "./lib/firstList";
import { markStartup } from "./lib/startup";

markStartup("script running");
prefetchFirstList();

const target = document.getElementById("app");
if (!target) throw new Error("index.html lacks #app");

const app = mount(App, { target });
markStartup("mounted");
export default app;
