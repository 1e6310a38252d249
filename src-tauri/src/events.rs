//! Events the app emits to the webview: their names and payloads. The names
//! are exported to TypeScript as a const map (see `bindings`), so the UI
//! never spells them by hand.

use serde::Serialize;
use ts_rs::TS;

/// A `SyncChange` from the engine, forwarded as is.
pub const SYNC: &str = "switchboard://sync";
/// How many customers are waiting (`WaitingCount`), after every change.
pub const WAITING: &str = "switchboard://waiting";
/// A notification was clicked: open this conversation (`OpenConversationRequest`).
pub const OPEN_CONVERSATION: &str = "switchboard://open-conversation";
/// The daily review reminder was clicked: show the Review of yesterday (no
/// payload).
pub const OPEN_REVIEW: &str = "switchboard://open-review";
/// The session changed (signed in, out, or the token was refused): a `Session`.
pub const SESSION: &str = "switchboard://session";
/// Notifications were paused or resumed, from the tray or the page
/// (`NotificationsPaused`).
pub const NOTIFICATIONS_PAUSED: &str = "switchboard://notifications-paused";

/// Every event name, keyed as the TypeScript const map names it.
pub const ALL: &[(&str, &str)] = &[
    ("sync", SYNC),
    ("waiting", WAITING),
    ("openConversation", OPEN_CONVERSATION),
    ("openReview", OPEN_REVIEW),
    ("session", SESSION),
    ("notificationsPaused", NOTIFICATIONS_PAUSED),
];

/// Payload of [`OPEN_CONVERSATION`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct OpenConversationRequest {
    #[ts(type = "number")]
    pub id: i64,
}

/// Payload of [`WAITING`], and the result of the `waiting` command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct WaitingCount {
    pub count: u32,
}

/// Payload of [`NOTIFICATIONS_PAUSED`], and the result of the
/// `notifications_paused` and `set_notifications_paused` commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct NotificationsPaused {
    pub paused: bool,
}
