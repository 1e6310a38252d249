// Wires the fake backend behind Tauri's IPC for `npm run dev:mock`, with a
// little live traffic. URL parameters pick a scenario for screenshots:
//   ?n=100000          how many conversations (default 400)
//   ?signedout         start on the sign-in screen
//   ?offline           start offline (cached data)
//   ?bootstrapping     show the first-sync progress bar
//   ?open=ID           open a conversation at start
//   ?outbox            with ?open: a failed and a pending reply
//   ?search=TEXT       type TEXT into the search field at start
//   ?help              open the keyboard help
//   ?quiet             no simulated traffic
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { EVENTS } from "../lib/bindings/events";
import { demoData } from "./demoData";
import { FakeBackend } from "./fakeBackend";

const CUSTOMER_LINES = [
  "Is anyone there?",
  "Any news about my order?",
  "Thanks, that solved it!",
  "Can you send me the invoice again?",
  "I still haven't received the refund.",
  "What's the status of my request?",
];

export function installDemoBackend(): FakeBackend {
  const params = new URLSearchParams(location.search);
  const now = Date.now();
  const backend = new FakeBackend(
    demoData(Number(params.get("n") ?? 400), now),
    {
      signedIn: !params.has("signedout"),
      autoConfirmMs: params.has("outbox") ? undefined : 900,
    },
  );
  mockIPC(backend.handle, { shouldMockEvents: true });
  backend.emit = (change) => void emit(EVENTS.sync, change);
  backend.emitPaused = (paused) =>
    void emit(EVENTS.notificationsPaused, paused);
  if (params.has("offline"))
    backend.status = {
      kind: "offline",
      since: now - 7 * 60_000,
      reason: "connection refused",
    };
  if (params.has("bootstrapping")) {
    backend.status = {
      kind: "bootstrapping",
      pages_done: 12,
      conversations_done: 6_200,
      total: 10_000,
    };
  }
  const open = params.get("open");
  if (open && params.has("outbox")) {
    // One rejected and one pending reply, to look at both states.
    const failed = backend.enqueue(Number(open), {
      type: "reply",
      text: "I've issued the refund, you'll see it in 3–5 days.",
    });
    backend.settle(failed.id, "conversation was closed on the server");
    backend.enqueue(Number(open), {
      type: "reply",
      text: "Anything else I can help with?",
    });
  }
  if (open)
    setTimeout(
      () => void emit(EVENTS.openConversation, { id: Number(open) }),
      400,
    );
  const search = params.get("search");
  if (search) {
    setTimeout(() => {
      const input = document.querySelector<HTMLInputElement>(
        "#conversation-search",
      );
      if (!input) return;
      input.value = search;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }, 600);
  }
  if (params.has("help")) {
    setTimeout(
      () => window.dispatchEvent(new KeyboardEvent("keydown", { key: "?" })),
      600,
    );
  }
  if (!params.has("quiet")) {
    let tick = 0;
    setInterval(() => {
      tick++;
      const open = [...backend.conversations.values()].filter(
        (c) => c.status === "open",
      );
      const target =
        open[Math.floor(Math.random() * Math.min(open.length, 30))];
      if (!target) return;
      if (tick % 5 === 0)
        backend.transfer(target.id, "Customer asked for a human");
      else
        backend.customerSays(
          target.id,
          CUSTOMER_LINES[tick % CUSTOMER_LINES.length],
        );
    }, 6_000);
  }
  return backend;
}
