// The keyboard shortcuts, in one place: the help overlay lists exactly what
// the screen handles (Ctrl+Q everywhere, the others in the Conversations
// screen).

export const SHORTCUTS = [
  { keys: ["↓", "j"], action: "Next conversation" },
  { keys: ["↑", "k"], action: "Previous conversation" },
  { keys: ["Enter"], action: "Open the highlighted conversation" },
  { keys: ["/"], action: "Search" },
  {
    keys: ["Esc"],
    action: "Clear the search / leave the reply / close a dialog",
  },
  { keys: ["p"], action: "Pause or resume the assistant" },
  { keys: ["r"], action: "Reply (while the assistant is paused)" },
  { keys: ["t"], action: "Show transferred conversations (again: all)" },
  { keys: [","], action: "Settings" },
  { keys: ["?"], action: "Show this help" },
  { keys: ["Ctrl+Q"], action: "Quit Switchboard" },
] as const;
