// The keyboard shortcuts, in one place: the help overlay lists exactly what
// the screens handle (Ctrl+Q everywhere, v , ? on both screens, the Review's
// own keys there, the others in the Conversations screen).

export const SHORTCUTS = [
  { keys: ["v"], action: "Switch between Conversations and Review" },
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
  {
    keys: ["b"],
    action: "Back to the Review (after opening one of its items)",
  },
  { keys: ["j", "k"], action: "Review: next / previous item" },
  { keys: ["Enter"], action: "Review: open the item at its message" },
  { keys: ["e"], action: "Review: mark the item reviewed (again: undo)" },
  { keys: [","], action: "Settings" },
  { keys: ["?"], action: "Show this help" },
  { keys: ["Ctrl+Q"], action: "Quit Switchboard" },
] as const;
