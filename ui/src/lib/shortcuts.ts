// The keyboard shortcuts, in one place: the help overlay lists exactly what
// the screens handle (Ctrl+Q everywhere, v , ? on both screens, the Review's
// own keys there, the others in the Conversations screen). Each action is
// the id of the message that describes it.

export const SHORTCUTS = [
  { keys: ["v"], action: "app-shortcut-switch-view" },
  { keys: ["↓", "j"], action: "app-shortcut-next" },
  { keys: ["↑", "k"], action: "app-shortcut-previous" },
  { keys: ["Enter"], action: "app-shortcut-open" },
  { keys: ["/"], action: "app-shortcut-search" },
  { keys: ["Esc"], action: "app-shortcut-escape" },
  { keys: ["p"], action: "app-shortcut-pause-assistant" },
  { keys: ["r"], action: "app-shortcut-reply" },
  { keys: ["t"], action: "app-shortcut-transferred" },
  { keys: ["b"], action: "app-shortcut-back" },
  { keys: ["j", "k"], action: "app-shortcut-review-next" },
  { keys: ["Enter"], action: "app-shortcut-review-open" },
  { keys: ["e"], action: "app-shortcut-review-mark" },
  { keys: [","], action: "app-shortcut-settings" },
  { keys: ["?"], action: "app-shortcut-help" },
  { keys: ["Ctrl+Q"], action: "app-shortcut-quit" },
] as const;
