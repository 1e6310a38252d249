// Entry point of `npm run dev:mock` only (vite.config.ts swaps it in for
// src/main.ts): installs the fake backend behind `mockIPC`, then mounts the
// real app unchanged.
import { mount } from "svelte";
import App from "../App.svelte";
import "../app.css";
import { installDemoBackend } from "./demo";

installDemoBackend();
const target = document.getElementById("app");
if (!target) throw new Error("index.html lacks #app");
mount(App, { target });
