//! Events the app emits to the webview: their names and payloads. The names
//! are exported to TypeScript as a const map (see `bindings`), so the UI
//! never spells them by hand.

use std::collections::HashSet;

use serde::Serialize;
use switchboard_sync::SyncChange;
use ts_rs::TS;

/// A `SyncChange` from the engine, forwarded as is (but see
/// [`SyncForwarding`]).
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
/// The local cache file was found damaged, by whatever met it first (a
/// command, the sync, the history download in the background): the page
/// offers the restart that sets it aside (no payload).
pub const CACHE_DAMAGED: &str = "switchboard://cache-damaged";

/// Every event name, keyed as the TypeScript const map names it.
pub const ALL: &[(&str, &str)] = &[
    ("sync", SYNC),
    ("waiting", WAITING),
    ("openConversation", OPEN_CONVERSATION),
    ("openReview", OPEN_REVIEW),
    ("session", SESSION),
    ("notificationsPaused", NOTIFICATIONS_PAUSED),
    ("cacheDamaged", CACHE_DAMAGED),
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

/// Which of the engine's changes [`SYNC`] tells the page. Every apply names
/// the conversations of its new messages among its changed conversations,
/// just before it tells the messages, and the page reads a conversation
/// again on either: a `MessagesAdded` whose conversation the last
/// `ConversationsChanged` named tells the page nothing new. Forwarded, a
/// first sync of 100k conversations would send the webview 100k of them
/// (each a script it parses and runs) within seconds.
#[derive(Debug, Default)]
pub struct SyncForwarding {
    /// The conversations the last `ConversationsChanged` named.
    named: HashSet<i64>,
}

impl SyncForwarding {
    /// Whether the page is told `change` (in the order they come).
    pub fn tells_the_page(&mut self, change: &SyncChange) -> bool {
        match change {
            SyncChange::ConversationsChanged { ids } => {
                self.named.clear();
                self.named.extend(ids);
                true
            }
            SyncChange::MessagesAdded {
                conversation_id, ..
            } => !self.named.contains(conversation_id),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn added(conversation_id: i64) -> SyncChange {
        SyncChange::MessagesAdded {
            conversation_id,
            message_ids: vec![conversation_id * 100],
        }
    }

    #[test]
    fn a_bootstrap_page_tells_the_page_its_conversations_once() {
        let mut forwarding = SyncForwarding::default();
        let ids: Vec<i64> = (1..=500).collect();
        let mut page = vec![SyncChange::ConversationsChanged { ids: ids.clone() }];
        page.extend(ids.iter().map(|&id| added(id)));
        let told = page
            .iter()
            .filter(|change| forwarding.tells_the_page(change))
            .count();
        assert_eq!(
            told, 1,
            "500 conversations with new messages are one event to the page, not 501"
        );
    }

    #[test]
    fn messages_of_a_conversation_not_just_named_are_told() {
        let mut forwarding = SyncForwarding::default();
        assert!(
            forwarding.tells_the_page(&added(7)),
            "no change named conversation 7 yet: its messages are news"
        );
        assert!(forwarding.tells_the_page(&SyncChange::ConversationsChanged { ids: vec![1] }));
        assert!(
            forwarding.tells_the_page(&added(2)),
            "conversation 2 was not among those just changed"
        );
        assert!(forwarding.tells_the_page(&SyncChange::ConversationsChanged { ids: vec![2] }));
        assert!(
            forwarding.tells_the_page(&added(1)),
            "a later change named other conversations: 1's messages are news again"
        );
    }

    #[test]
    fn other_changes_are_always_told() {
        let mut forwarding = SyncForwarding::default();
        forwarding.tells_the_page(&SyncChange::ConversationsChanged { ids: vec![1] });
        assert!(
            forwarding.tells_the_page(&SyncChange::ConversationsChanged { ids: vec![1] }),
            "a conversation's row changing again is told again"
        );
        assert!(forwarding.tells_the_page(&SyncChange::TransfersDetected));
        assert!(forwarding.tells_the_page(&SyncChange::Status {
            status: switchboard_sync::SyncStatus::Live
        }));
    }
}
