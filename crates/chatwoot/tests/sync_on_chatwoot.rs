//! The real sync engine on a real store file, connected to the fake
//! Chatwoot server (which answers as Chatwoot does: same paths, JSON,
//! 25-item pages, ActionCable frames): first sync, live handoffs, catch-up
//! after a gap, replies never sent twice, block/unblock, take over and
//! resume.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use switchboard_chatwoot::{ChatwootConfig, ChatwootSource};
use switchboard_chatwoot_fake::FakeChatwoot;
use switchboard_protocol::{AssistantState, Conversation, ConversationStatus};
use switchboard_store::{OutboxAction, PendingNotifications, Store, TransferKey};
use switchboard_sync::{SyncChange, SyncConfig, SyncHandle, SyncStatus};
use tempfile::TempDir;
use tokio::sync::mpsc;

/// Generous: a loaded 2-core machine runs several test binaries at once.
const PATIENCE: Duration = Duration::from_secs(30);

struct Client {
    _dir: TempDir,
    store: Store,
    handle: SyncHandle,
    changes: mpsc::Receiver<SyncChange>,
}

async fn client(fake: &FakeChatwoot) -> Client {
    client_with(fake, |_| {}).await
}

async fn client_with(fake: &FakeChatwoot, tune: impl FnOnce(&mut ChatwootConfig)) -> Client {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_test_writer()
        .try_init();
    client_in(
        fake,
        tempfile::tempdir().expect("temp dir for the cache"),
        tune,
    )
    .await
}

/// A client on the cache in `dir` (a restart when another used it before).
async fn client_in(
    fake: &FakeChatwoot,
    dir: TempDir,
    tune: impl FnOnce(&mut ChatwootConfig),
) -> Client {
    let store = Store::open(&dir.path().join("cache.db")).expect("a new store");
    let mut config = ChatwootConfig::new(fake.base_url(), fake.account_id(), fake.access_token());
    config.min_backoff = Duration::from_millis(20);
    config.max_backoff = Duration::from_millis(200);
    config.request_timeout = Duration::from_secs(5);
    tune(&mut config);
    let source = ChatwootSource::new(config, store.clone()).expect("a Chatwoot source");
    let mut engine = SyncConfig::new("", "");
    engine.min_backoff = Duration::from_millis(20);
    engine.max_backoff = Duration::from_millis(200);
    // The fake pings every 3 s, as Chatwoot does.
    engine.silence_timeout = Duration::from_secs(8);
    engine.request_timeout = Duration::from_secs(5);
    let (handle, changes) =
        switchboard_sync::start_with_source(store.clone(), engine, Arc::new(source));
    let client = Client {
        _dir: dir,
        store,
        handle,
        changes,
    };
    client.wait_live().await;
    client
}

impl Client {
    async fn wait_live(&self) {
        let mut status = self.handle.watch_status();
        tokio::time::timeout(PATIENCE, status.wait_for(|s| *s == SyncStatus::Live))
            .await
            .unwrap_or_else(|_| panic!("never live; status {:?}", self.handle.status()))
            .expect("the engine runs");
    }

    fn conversation(&self, id: u64) -> Option<Conversation> {
        self.store
            .conversation(id as i64)
            .expect("the cache reads")
            .map(|d| d.conversation)
    }

    async fn wait_conversation(
        &self,
        id: u64,
        what: &str,
        mut ok: impl FnMut(&Conversation) -> bool,
    ) -> Conversation {
        wait_for(what, || self.conversation(id).is_some_and(|c| ok(&c))).await;
        self.conversation(id).unwrap()
    }

    /// Takes every pending notification as the shell does (notify, then
    /// mark): the keys offered.
    fn notify_pending(&self) -> Vec<TransferKey> {
        let keys = match self.store.pending_notifications(5).expect("ledger reads") {
            PendingNotifications::Nothing => Vec::new(),
            PendingNotifications::Individual(notices) => {
                notices.into_iter().map(|n| n.key).collect()
            }
            PendingNotifications::Summary { keys, .. } => keys,
        };
        self.store.mark_notified(&keys).expect("ledger writes");
        keys
    }

    /// The statuses the engine has reported so far.
    fn statuses(&mut self) -> Vec<SyncStatus> {
        let mut seen = Vec::new();
        while let Ok(change) = self.changes.try_recv() {
            if let SyncChange::Status { status } = change {
                seen.push(status);
            }
        }
        seen
    }

    fn enqueue(&self, id: u64, action: OutboxAction, key: &str) {
        self.store
            .enqueue(id as i64, action, key, now_ms())
            .expect("the outbox takes the write");
        self.handle.outbox_changed();
    }

    fn outbox_settled(&self, id: u64) -> bool {
        self.store
            .outbox_for_conversation(id as i64)
            .expect("outbox reads")
            .is_empty()
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

async fn wait_for(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !condition() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn wait_for_async<F: std::future::Future<Output = bool>>(
    what: &str,
    mut condition: impl FnMut() -> F,
) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !condition().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn replies_with(messages: &[Value], text: &str) -> usize {
    messages
        .iter()
        .filter(|m| m["message_type"] == 1 && m["content"] == text && m["private"] != true)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_sync_holds_every_conversation_across_pages_of_25() {
    let fake = FakeChatwoot::start().await;
    let ids = fake.seed(30, 3, 5).await;
    let client = client(&fake).await;
    for id in &ids {
        assert!(
            client.conversation(*id).is_some(),
            "conversation {id} must be in the cache: 30 conversations are two pages of 25"
        );
    }
    let page = client
        .store
        .messages(ids[0] as i64, None, 50)
        .expect("messages read");
    assert!(
        !page.messages.is_empty(),
        "each conversation arrives with its newest message, so its row has a preview"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_history_is_downloaded_conversation_by_conversation() {
    let fake = FakeChatwoot::start().await;
    let ids = fake.seed(2, 45, 2).await;
    let client = client(&fake).await;
    wait_for("the whole history in the cache", || {
        client
            .store
            .history_progress()
            .expect("progress reads")
            .done
    })
    .await;
    for id in ids {
        let on_server = fake
            .messages(id)
            .await
            .iter()
            .filter(|m| m["private"] != true)
            .count();
        let cached = client
            .store
            .messages(id as i64, None, 1000)
            .expect("messages read");
        assert_eq!(
            cached.messages.len(),
            on_server,
            "Chatwoot has no whole-history endpoint: each conversation's history is paged in, 20 at a time"
        );
        assert!(
            !cached.older_not_downloaded,
            "and the cache knows it holds the start"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_handoff_is_notified_once_even_across_a_reconnect() {
    let fake = FakeChatwoot::start().await;
    let client = client(&fake).await;
    let id = fake
        .customer_starts("Maria Souza", Some("+55 11 98765-4321"), "Hi, my order?")
        .await;
    let c = client
        .wait_conversation(id, "the new conversation, with its bot", |c| {
            c.assistant_state == AssistantState::Active
        })
        .await;
    assert_eq!(
        c.status,
        ConversationStatus::Open,
        "pending is the assistant at work"
    );
    fake.bot_replies(id, "Let me check").await;
    fake.bot_hands_off(id).await;
    client
        .wait_conversation(id, "the handoff", |c| {
            c.status == ConversationStatus::Transferred
        })
        .await;
    let notified = client.notify_pending();
    assert_eq!(
        notified.len(),
        1,
        "one handoff, one notification: {notified:?}"
    );
    assert_eq!(notified[0].conversation_id, id as i64);

    fake.drop_cable_connections().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    client.wait_live().await;
    client.handle.reconnect_now();
    client.wait_live().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        client.notify_pending(),
        Vec::<TransferKey>::new(),
        "reading the same handoff again after a reconnect must not notify it again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_gap_handoffs_and_messages_are_caught_up_and_each_handoff_notified_once() {
    let fake = FakeChatwoot::start().await;
    let client = client(&fake).await;
    fake.set_unreachable(true);
    fake.drop_cable_connections().await;
    wait_for("offline", || {
        matches!(client.handle.status(), SyncStatus::Offline { .. })
    })
    .await;

    let first = fake.customer_starts("Ana Lima", None, "Hello").await;
    let second = fake
        .customer_starts("Bruno Reis", None, "Good evening")
        .await;
    fake.bot_hands_off(first).await;
    fake.bot_hands_off(second).await;
    fake.customer_writes(first, "Anyone there?").await;

    fake.set_unreachable(false);
    client.handle.reconnect_now();
    client.wait_live().await;
    for id in [first, second] {
        client
            .wait_conversation(id, "the handoff made while away", |c| {
                c.status == ConversationStatus::Transferred
            })
            .await;
    }
    wait_for("the message written while away", || {
        client
            .store
            .messages(first as i64, None, 50)
            .unwrap()
            .messages
            .iter()
            .any(|m| m.text == "Anyone there?")
    })
    .await;
    for (id, name) in [(first, "Ana Lima"), (second, "Bruno Reis")] {
        let contact = client
            .store
            .conversation(id as i64)
            .expect("the cache reads")
            .and_then(|d| d.contact);
        assert_eq!(
            contact.map(|c| c.name).as_deref(),
            Some(name),
            "a conversation that started while away comes with its contact's name"
        );
    }
    let notified: HashSet<i64> = client
        .notify_pending()
        .iter()
        .map(|k| k.conversation_id)
        .collect();
    assert_eq!(
        notified,
        HashSet::from([first as i64, second as i64]),
        "each handoff made while away is offered"
    );

    fake.drop_cable_connections().await;
    client.handle.reconnect_now();
    client.wait_live().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        client.notify_pending().is_empty(),
        "catching up again reads the same handoffs, and the ledger offers none twice"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conversation_started_while_the_app_was_closed_comes_with_its_contact() {
    let fake = FakeChatwoot::start().await;
    fake.customer_starts("Rui Costa", None, "Where is my order?")
        .await;
    let first = client(&fake).await;
    let Client {
        _dir: dir, handle, ..
    } = first;
    handle.shutdown().await;

    let lia = fake.customer_starts("Lia Souza", None, "Hello?").await;
    let again = client_in(&fake, dir, |_| {}).await;
    again
        .wait_conversation(lia, "the conversation started while closed", |_| true)
        .await;
    let contact = again
        .store
        .conversation(lia as i64)
        .expect("the cache reads")
        .and_then(|d| d.contact);
    assert_eq!(
        contact.map(|c| c.name).as_deref(),
        Some("Lia Souza"),
        "its contact is in the cache, so the list shows a name"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_long_gap_the_cache_is_rebuilt_and_no_handoff_is_notified_twice() {
    let fake = FakeChatwoot::start().await;
    let client = client_with(&fake, |c| c.max_gap = Duration::from_secs(1)).await;
    let before = fake.customer_starts("Ana Lima", None, "Hello").await;
    client
        .wait_conversation(before, "the new conversation", |c| {
            c.status == ConversationStatus::Open
        })
        .await;
    fake.bot_hands_off(before).await;
    client
        .wait_conversation(before, "the handoff", |c| {
            c.status == ConversationStatus::Transferred
        })
        .await;
    assert_eq!(
        client.notify_pending().len(),
        1,
        "the live handoff is offered"
    );

    fake.set_unreachable(true);
    fake.drop_cable_connections().await;
    wait_for("offline", || {
        matches!(client.handle.status(), SyncStatus::Offline { .. })
    })
    .await;
    let during = fake
        .customer_starts("Bruno Reis", None, "Good evening")
        .await;
    fake.bot_hands_off(during).await;
    // Longer than `max_gap`: asking what changed is no longer trusted.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    fake.set_unreachable(false);
    client.handle.reconnect_now();
    client.wait_live().await;
    client
        .wait_conversation(during, "the handoff made while away", |c| {
            c.status == ConversationStatus::Transferred
        })
        .await;
    let offered: Vec<i64> = client
        .notify_pending()
        .iter()
        .map(|k| k.conversation_id)
        .collect();
    assert_eq!(
        offered,
        vec![during as i64],
        "the rebuilt cache reads the first handoff again with the same key: only the new one is offered"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_whose_answer_was_lost_is_delivered_exactly_once() {
    let fake = FakeChatwoot::start().await;
    let id = fake.customer_starts("Maria", None, "Help").await;
    fake.bot_hands_off(id).await;
    let client = client(&fake).await;
    fake.lose_next_reply_response();
    client.enqueue(
        id,
        OutboxAction::Reply {
            text: "On my way".into(),
        },
        "reply-1",
    );
    wait_for_async("the reply on the server", || async {
        replies_with(&fake.messages(id).await, "On my way") >= 1
    })
    .await;
    wait_for("the outbox settled", || client.outbox_settled(id)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        replies_with(&fake.messages(id).await, "On my way"),
        1,
        "the retry after the lost answer must find the reply, not send it again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_written_while_chatwoot_is_down_arrives_once_it_is_back() {
    let fake = FakeChatwoot::start().await;
    let id = fake.customer_starts("Maria", None, "Help").await;
    fake.bot_hands_off(id).await;
    let client = client(&fake).await;
    fake.set_unreachable(true);
    client.enqueue(
        id,
        OutboxAction::Reply {
            text: "Back soon".into(),
        },
        "reply-2",
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    fake.set_unreachable(false);
    client.handle.reconnect_now();
    wait_for("the outbox settled", || client.outbox_settled(id)).await;
    assert_eq!(
        replies_with(&fake.messages(id).await, "Back soon"),
        1,
        "sent exactly once"
    );
    client
        .wait_conversation(id, "the reply in the cache", |c| {
            c.last_message_preview.as_deref() == Some("Back soon")
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocking_mutes_the_conversation_and_unblocking_gives_it_back_to_the_assistant() {
    let fake = FakeChatwoot::start().await;
    let id = fake.customer_starts("Spammer", None, "buy now").await;
    let client = client(&fake).await;
    client.enqueue(
        id,
        OutboxAction::SetAssistant {
            state: AssistantState::Blocked,
        },
        "block-1",
    );
    client
        .wait_conversation(id, "blocked in the cache", |c| {
            c.assistant_state == AssistantState::Blocked
        })
        .await;
    assert_eq!(
        fake.conversation(id).await["muted"],
        true,
        "blocking is Chatwoot's mute"
    );
    client.enqueue(
        id,
        OutboxAction::SetAssistant {
            state: AssistantState::Active,
        },
        "unblock-1",
    );
    client
        .wait_conversation(id, "unblocked, the assistant answers again", |c| {
            c.assistant_state == AssistantState::Active
        })
        .await;
    let server = fake.conversation(id).await;
    assert_eq!(server["muted"], false, "unblocking is Chatwoot's unmute");
    assert_eq!(
        server["status"], "pending",
        "the assistant answers pending conversations"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn taking_over_stops_the_bot_and_resuming_gives_it_back() {
    let fake = FakeChatwoot::start().await;
    let id = fake.customer_starts("Maria", None, "I want a person").await;
    let client = client(&fake).await;
    let me = client
        .handle
        .take(id as i64, false, "take-1")
        .await
        .expect("taken");
    assert_eq!(me.status, ConversationStatus::Open);
    assert_eq!(
        me.assistant_state,
        AssistantState::Paused,
        "a person holds it: the bot is off"
    );
    assert!(me.assignee.is_some(), "assigned to the one who took it");
    let server = fake.conversation(id).await;
    assert_eq!(
        server["status"], "open",
        "taking over opens it, as Chatwoot's dashboard does"
    );
    client
        .wait_conversation(id, "taken in the cache", |c| c.assignee.is_some())
        .await;
    assert!(
        client.notify_pending().is_empty(),
        "a person taking a conversation from the bot is no handoff to notify"
    );

    client.enqueue(
        id,
        OutboxAction::SetAssistant {
            state: AssistantState::Active,
        },
        "resume-1",
    );
    client
        .wait_conversation(id, "the assistant back", |c| {
            c.assistant_state == AssistantState::Active
        })
        .await;
    assert_eq!(
        fake.conversation(id).await["status"],
        "pending",
        "resuming is toggling back to pending"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replying_to_a_conversation_the_bot_holds_takes_it_first() {
    let fake = FakeChatwoot::start().await;
    let id = fake
        .customer_starts("Maria", None, "Is a person there?")
        .await;
    let client = client(&fake).await;
    client.enqueue(
        id,
        OutboxAction::Reply {
            text: "Yes, I am".into(),
        },
        "reply-3",
    );
    wait_for("the outbox settled", || client.outbox_settled(id)).await;
    let server = fake.conversation(id).await;
    assert_eq!(
        server["status"], "open",
        "a reply alone leaves the bot answering a pending conversation; taking it stops the bot"
    );
    assert!(
        !server["meta"]["assignee"].is_null(),
        "and the conversation is the replier's"
    );
    assert_eq!(replies_with(&fake.messages(id).await, "Yes, I am"), 1);
    client
        .wait_conversation(id, "taken in the cache", |c| {
            c.assistant_state == AssistantState::Paused
        })
        .await;
    assert!(
        client.notify_pending().is_empty(),
        "taking it to reply is no handoff"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replying_to_a_handed_off_conversation_makes_it_the_repliers() {
    let fake = FakeChatwoot::start().await;
    let id = fake
        .customer_starts("Rita", None, "I need a person, please")
        .await;
    fake.bot_hands_off(id).await;
    let client = client(&fake).await;
    client
        .wait_conversation(id, "transferred in the cache", |c| {
            c.status == ConversationStatus::Transferred
        })
        .await;
    client.enqueue(
        id,
        OutboxAction::Reply {
            text: "Hi Rita, Ana here".into(),
        },
        "reply-handoff",
    );
    wait_for("the outbox settled", || client.outbox_settled(id)).await;
    let server = fake.conversation(id).await;
    assert_eq!(
        server["meta"]["assignee"]["name"], "Ana Agent",
        "a bot handoff leaves the conversation unassigned; the one who replies handles it"
    );
    assert_eq!(
        replies_with(&fake.messages(id).await, "Hi Rita, Ana here"),
        1
    );
    client
        .wait_conversation(id, "the replier's in the cache", |c| {
            c.assignee.as_ref().is_some_and(|a| a.name == "Ana Agent")
        })
        .await;
    assert_eq!(
        client.store.waiting_count().expect("the cache counts"),
        0,
        "answered and handled: the customer no longer waits for a human"
    );
}

/// An agent snoozes the conversation in Chatwoot's dashboard
/// (`toggle_status` with `status: snoozed` and, unless "until the next
/// reply", `snoozed_until` in seconds).
async fn agent_snoozes(fake: &FakeChatwoot, id: u64, until_secs: Option<i64>) {
    let mut body = serde_json::json!({"status": "snoozed"});
    if let Some(until) = until_secs {
        body["snoozed_until"] = until.into();
    }
    let status = colleague_posts(fake, id, "toggle_status", body).await;
    assert!(status.is_success(), "snoozing: {status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_snoozed_conversation_is_cached_as_snoozed_and_wakes_up_waiting_when_the_customer_writes()
{
    let fake = FakeChatwoot::start().await;
    let later = fake.customer_starts("Sara", None, "Call me back").await;
    let next_reply = fake
        .customer_starts("Tao", None, "I'll check and write")
        .await;
    fake.bot_hands_off(later).await;
    fake.bot_hands_off(next_reply).await;
    let client = client(&fake).await;
    client.notify_pending();
    let until_secs = now_ms() / 1000 + 3600;
    agent_snoozes(&fake, later, Some(until_secs)).await;
    agent_snoozes(&fake, next_reply, None).await;

    let snoozed = client
        .wait_conversation(later, "snoozed in the cache", |c| c.snooze.is_some())
        .await;
    assert_eq!(
        snoozed.snooze.and_then(|s| s.until),
        Some(until_secs * 1000),
        "snoozed until the time the agent chose"
    );
    assert_ne!(
        snoozed.status,
        ConversationStatus::Transferred,
        "a snoozed conversation is put off: nobody waits for it"
    );
    let until_reply = client
        .wait_conversation(next_reply, "snoozed in the cache", |c| c.snooze.is_some())
        .await;
    assert_eq!(
        until_reply.snooze.map(|s| s.until),
        Some(None),
        "snoozed until the customer's next message has no time"
    );
    assert_eq!(
        client.store.waiting_count().expect("the cache counts"),
        0,
        "snoozed conversations are not counted as waiting"
    );
    assert!(
        client.notify_pending().is_empty(),
        "snoozing notifies nobody"
    );

    fake.customer_writes(next_reply, "Checked: still broken")
        .await;
    let woken = client
        .wait_conversation(next_reply, "awake in the cache", |c| c.snooze.is_none())
        .await;
    assert_eq!(
        woken.status,
        ConversationStatus::Transferred,
        "the customer wrote to a conversation nobody handles: it waits for a person again"
    );
    assert_eq!(
        client.store.waiting_count().expect("the cache counts"),
        1,
        "awake and nobody's, it is counted as waiting again"
    );
    fake.snooze_ends(later).await;
    client
        .wait_conversation(later, "back when its time is up", |c| {
            c.snooze.is_none() && c.status == ConversationStatus::Transferred
        })
        .await;
}

/// A colleague's `POST …/conversations/{id}/{action}`, as Chatwoot's
/// dashboard sends it.
async fn colleague_posts(
    fake: &FakeChatwoot,
    id: u64,
    action: &str,
    body: Value,
) -> reqwest::StatusCode {
    reqwest::Client::new()
        .post(format!(
            "{}/api/v1/accounts/{}/conversations/{id}/{action}",
            fake.base_url(),
            fake.account_id()
        ))
        .header("api_access_token", fake.colleague_token())
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{action} answers: {e}"))
        .status()
}

/// A colleague mutes (`mute: true`) or unmutes the conversation in
/// Chatwoot's own dashboard.
async fn colleague_mutes(fake: &FakeChatwoot, id: u64, mute: bool) {
    let action = if mute { "mute" } else { "unmute" };
    let status = colleague_posts(fake, id, action, serde_json::json!({})).await;
    assert!(status.is_success(), "the colleague's {action}: {status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_colleagues_block_and_unblock_show_as_soon_as_the_room_tells_them() {
    let fake = FakeChatwoot::start().await;
    let id = fake.customer_starts("Spam Bot", None, "Buy now").await;
    let client = client(&fake).await;
    // The room says it at once; no catch-up (at least 8 s of silence away)
    // may be what brings it.
    let soon = Duration::from_secs(3);
    let blocked_at = tokio::time::Instant::now();
    colleague_mutes(&fake, id, true).await;
    wait_for("blocked in the cache", || {
        client
            .conversation(id)
            .is_some_and(|c| c.assistant_state == AssistantState::Blocked)
    })
    .await;
    assert!(
        blocked_at.elapsed() < soon,
        "a colleague's block shows within {soon:?} (took {:?})",
        blocked_at.elapsed()
    );
    let unblocked_at = tokio::time::Instant::now();
    colleague_mutes(&fake, id, false).await;
    wait_for("unblocked in the cache", || {
        client
            .conversation(id)
            .is_some_and(|c| c.assistant_state != AssistantState::Blocked)
    })
    .await;
    assert!(
        unblocked_at.elapsed() < soon,
        "and so does the unblock (took {:?})",
        unblocked_at.elapsed()
    );
}

/// A colleague takes the conversation in Chatwoot's own dashboard.
async fn colleague_takes(fake: &FakeChatwoot, id: u64) -> String {
    let http = reqwest::Client::new();
    let profile: Value = http
        .get(format!("{}/api/v1/profile", fake.base_url()))
        .header("api_access_token", fake.colleague_token())
        .send()
        .await
        .expect("profile answers")
        .json()
        .await
        .expect("profile JSON");
    let body = serde_json::json!({"assignee_id": profile["id"]});
    let status = colleague_posts(fake, id, "assignments", body).await;
    assert!(status.is_success(), "the colleague's assignment: {status}");
    profile["available_name"]
        .as_str()
        .or(profile["name"].as_str())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn taking_a_conversation_a_colleague_holds_needs_taking_over() {
    let fake = FakeChatwoot::start().await;
    let id = fake.customer_starts("Maria", None, "Help").await;
    fake.bot_hands_off(id).await;
    let client = client(&fake).await;
    let colleague = colleague_takes(&fake, id).await;
    match client.handle.take(id as i64, false, "take-2").await {
        Err(switchboard_sync::SyncError::Rejected { code, message, .. }) => {
            assert_eq!(
                code, "handled_by_someone_else",
                "the screen branches on this code"
            );
            assert!(
                message.contains(&colleague),
                "the message names who: {message}"
            );
        }
        other => panic!("someone else's conversation is not taken silently: {other:?}"),
    }
    let taken = client
        .handle
        .take(id as i64, true, "take-3")
        .await
        .expect("taking over is allowed when asked for");
    assert_ne!(
        taken.assignee.map(|a| a.name),
        Some(colleague),
        "after taking over it is no longer the colleague's"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limited_requests_are_waited_out() {
    let fake = FakeChatwoot::start().await;
    let ids = fake.seed(3, 1, 1).await;
    fake.rate_limit_next(3);
    let mut client = client(&fake).await;
    for id in ids {
        assert!(
            client.conversation(id).is_some(),
            "429s delay the first sync, never lose it"
        );
    }
    let statuses = client.statuses();
    assert!(
        !statuses
            .iter()
            .any(|s| matches!(s, SyncStatus::Offline { .. } | SyncStatus::Error { .. })),
        "a 429 is waited out, not shown as Chatwoot being down: {statuses:?}"
    );
}
