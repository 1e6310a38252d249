//! The outbox: durable agent writes, in order per conversation.

mod common;

use common::*;
use switchboard_protocol::AssistantState;
use switchboard_store::{OutboxAction, OutboxState, Store, StoreError, RETRY_WINDOW_MS};

fn reply(text: &str) -> OutboxAction {
    OutboxAction::Reply { text: text.into() }
}

#[test]
fn a_write_goes_pending_sending_sent_and_disappears_once_confirmed() {
    let (_dir, store) = new_store();
    bootstrap_empty(&store, 10);
    let item = store.enqueue(1, reply("hi"), "key-1", T0).unwrap();
    assert_eq!(item.state, OutboxState::Pending, "a new write is pending");
    assert_eq!(item.action, reply("hi"), "the action is stored as given");
    let sending = store.mark_sending(item.id).unwrap();
    assert_eq!(
        (sending.state, sending.attempts),
        (OutboxState::Sending, 1),
        "an attempt is counted"
    );
    let sent = store.mark_sent(item.id, 12).unwrap();
    assert_eq!(
        (sent.state, sent.sent_seq),
        (OutboxState::Sent, Some(12)),
        "sent at the server's seq"
    );
    assert_eq!(
        store.outbox_for_conversation(1).unwrap().len(),
        1,
        "a sent write stays visible until the stream reaches its seq"
    );
    store.apply_events(&[started(11, 1, 1, "Ana")]).unwrap();
    assert_eq!(
        store.outbox_for_conversation(1).unwrap().len(),
        1,
        "seq 11 < 12: still visible"
    );
    store.apply_events(&[started(12, 2, 2, "Bia")]).unwrap();
    assert!(
        store.outbox_for_conversation(1).unwrap().is_empty(),
        "once applied_seq reaches sent_seq, the cache shows the write"
    );
}

#[test]
fn enqueuing_the_same_key_twice_stores_one_write() {
    let (_dir, store) = new_store();
    let first = store.enqueue(1, reply("hi"), "same-key", T0).unwrap();
    let second = store.enqueue(1, reply("hi"), "same-key", T0 + 5).unwrap();
    assert_eq!(first, second, "a double click must not send twice");
    assert_eq!(
        store.outbox_for_conversation(1).unwrap().len(),
        1,
        "one item stored"
    );
}

#[test]
fn only_the_head_of_each_conversations_queue_is_sendable() {
    let (_dir, store) = new_store();
    let a1 = store.enqueue(1, reply("first"), "a1", T0).unwrap();
    let a2 = store
        .enqueue(
            1,
            OutboxAction::SetAssistant {
                state: AssistantState::Active,
            },
            "a2",
            T0,
        )
        .unwrap();
    let b1 = store.enqueue(2, OutboxAction::Close, "b1", T0).unwrap();
    let heads: Vec<i64> = store
        .sendable_outbox()
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(
        heads,
        vec![a1.id, b1.id],
        "one head per conversation, in creation order"
    );

    store.mark_sending(a1.id).unwrap();
    let heads: Vec<i64> = store
        .sendable_outbox()
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(
        heads,
        vec![b1.id],
        "while the head is sending, the next write waits"
    );

    store
        .mark_failed(a1.id, "conversation_closed", "conversation is closed")
        .unwrap();
    let heads: Vec<i64> = store
        .sendable_outbox()
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(
        heads,
        vec![b1.id],
        "a failed head holds the queue until retried or discarded"
    );

    store.discard(a1.id).unwrap();
    let heads: Vec<i64> = store
        .sendable_outbox()
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(
        heads,
        vec![a2.id, b1.id],
        "after a discard the next write is the head"
    );

    store.mark_sending(a2.id).unwrap();
    store.mark_sent(a2.id, 5).unwrap();
    let a3 = store.enqueue(1, reply("third"), "a3", T0).unwrap();
    let heads: Vec<i64> = store
        .sendable_outbox()
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(
        heads,
        vec![b1.id, a3.id],
        "a sent write does not hold the queue"
    );
}

#[test]
fn a_failed_write_keeps_its_reason_and_can_be_retried() {
    let (_dir, store) = new_store();
    let item = store.enqueue(1, reply("hi"), "k", T0).unwrap();
    store.mark_sending(item.id).unwrap();
    let failed = store
        .mark_failed(item.id, "invalid_transition", "conversation closed")
        .unwrap();
    assert_eq!(failed.state, OutboxState::Failed, "refused by the server");
    assert_eq!(
        (failed.error.as_deref(), failed.error_code.as_deref()),
        (Some("conversation closed"), Some("invalid_transition")),
        "the server's reason is kept for the user, and its code for the page to word"
    );
    assert_eq!(
        store.outbox_item(item.id).unwrap().unwrap(),
        failed,
        "both are read back from the cache"
    );
    let retried = store.retry(item.id, "k2", T0 + 10).unwrap();
    assert_eq!(
        (retried.state, retried.error, retried.error_code),
        (OutboxState::Pending, None, None),
        "retry clears the error"
    );
    assert_eq!(
        retried.idempotency_key, "k2",
        "a retry is a new write on purpose, under the key made for it"
    );
}

#[test]
fn a_write_unsent_past_the_retry_window_fails_and_a_retry_sends_it_anew() {
    let (_dir, store) = new_store();
    let old = store.enqueue(1, reply("still there?"), "old", T0).unwrap();
    let recent = store
        .enqueue(2, reply("hello"), "recent", T0 + RETRY_WINDOW_MS)
        .unwrap();
    let now = T0 + RETRY_WINDOW_MS + 1;

    let expired = store.fail_writes_past_retry_window(now).unwrap();
    assert_eq!(
        expired.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![old.id],
        "only the write older than the window is given up"
    );
    let failed = store.outbox_item(old.id).unwrap().unwrap();
    assert_eq!(failed.state, OutboxState::Failed, "shown as failed");
    assert!(
        failed
            .error
            .as_deref()
            .is_some_and(|e| e.contains("3 days")),
        "the reason says why it was not sent: {:?}",
        failed.error
    );
    assert_eq!(
        failed.error_code.as_deref(),
        Some("past_retry_window"),
        "with a code the page words in the user's language"
    );
    assert_eq!(
        store
            .sendable_outbox()
            .unwrap()
            .iter()
            .map(|i| i.id)
            .collect::<Vec<_>>(),
        vec![recent.id],
        "an expired write is never sent by itself"
    );

    let retried = store.retry(old.id, "fresh", now).unwrap();
    assert_eq!(
        (
            retried.state,
            retried.idempotency_key.as_str(),
            retried.created_at
        ),
        (OutboxState::Pending, "fresh", now),
        "retrying on purpose sends it under a new key, with a new window"
    );
    assert!(
        store
            .fail_writes_past_retry_window(now + 1)
            .unwrap()
            .is_empty(),
        "the retried write is within its new window"
    );
}

#[test]
fn invalid_transitions_are_refused_and_change_nothing() {
    let (_dir, store) = new_store();
    let item = store.enqueue(1, reply("hi"), "k", T0).unwrap();
    assert!(
        matches!(
            store.mark_sent(item.id, 3),
            Err(StoreError::InvalidOutboxState {
                state: OutboxState::Pending,
                ..
            })
        ),
        "a write never sent cannot be marked sent"
    );
    assert!(
        matches!(
            store.retry(item.id, "k2", T0),
            Err(StoreError::InvalidOutboxState { .. })
        ),
        "only a failed write can be retried"
    );
    assert!(
        matches!(
            store.mark_sending(999),
            Err(StoreError::NotFound { id: 999, .. })
        ),
        "an unknown item is NotFound"
    );
    store.mark_sending(item.id).unwrap();
    assert!(
        matches!(
            store.discard(item.id),
            Err(StoreError::InvalidOutboxState { .. })
        ),
        "a write in flight cannot be discarded: the server may already have it"
    );
    assert_eq!(
        store.outbox_item(item.id).unwrap().map(|i| i.state),
        Some(OutboxState::Sending),
        "refused transitions leave the item as it was"
    );
}

#[test]
fn a_write_interrupted_by_a_crash_is_pending_again_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let id = {
        let store = Store::open(&path).unwrap();
        let item = store.enqueue(1, reply("hi"), "k", T0).unwrap();
        store.mark_sending(item.id).unwrap();
        item.id
    };
    let store = Store::open(&path).unwrap();
    let item = store
        .outbox_item(id)
        .unwrap()
        .expect("the write survives the restart");
    assert_eq!(
        item.state,
        OutboxState::Pending,
        "it is sent again, with the same key"
    );
    assert_eq!(item.attempts, 1, "the interrupted attempt is remembered");
    assert_eq!(
        store.sendable_outbox().unwrap().len(),
        1,
        "and it is sendable"
    );
}

#[test]
fn a_transient_failure_requeues_the_write() {
    let (_dir, store) = new_store();
    let item = store.enqueue(1, reply("hi"), "k", T0).unwrap();
    store.mark_sending(item.id).unwrap();
    let again = store.requeue(item.id).unwrap();
    assert_eq!(
        again.state,
        OutboxState::Pending,
        "a network error puts the write back in line"
    );
    assert_eq!(
        store.sendable_outbox().unwrap()[0].id,
        item.id,
        "still the head of its queue"
    );
}

#[test]
fn unsent_writes_count_everything_the_backend_has_not_confirmed() {
    let (_dir, store) = new_store();
    bootstrap_empty(&store, 10);
    assert_eq!(store.unsent_writes().unwrap(), 0, "an empty outbox");
    let sent = store.enqueue(1, reply("one"), "k1", T0).unwrap();
    let failed = store.enqueue(2, reply("two"), "k2", T0).unwrap();
    let sending = store.enqueue(3, reply("three"), "k3", T0).unwrap();
    store.enqueue(4, reply("four"), "k4", T0).unwrap();
    store.mark_sending(sent.id).unwrap();
    store.mark_sent(sent.id, 11).unwrap();
    store.mark_sending(failed.id).unwrap();
    store
        .mark_failed(failed.id, "conversation_closed", "closed")
        .unwrap();
    store.mark_sending(sending.id).unwrap();
    assert_eq!(
        store.unsent_writes().unwrap(),
        3,
        "failed, sending and pending count; a sent one does not"
    );
}

#[test]
fn forgetting_the_account_drops_every_unsent_write_with_the_cache() {
    let (_dir, store) = new_store();
    bootstrap_empty(&store, 10);
    store.apply_events(&[started(11, 1, 1, "Ana")]).unwrap();
    let failed = store.enqueue(1, reply("refused"), "k1", T0).unwrap();
    store.mark_sending(failed.id).unwrap();
    store
        .mark_failed(failed.id, "conversation_closed", "conversation closed")
        .unwrap();
    store
        .enqueue(1, reply("queued behind it"), "k2", T0)
        .unwrap();
    store.enqueue(2, reply("pending"), "k3", T0).unwrap();
    store.set_setting("notifications", "kept").unwrap();

    store.forget_account().unwrap();

    assert_eq!(store.unsent_writes().unwrap(), 0, "no write is left");
    assert!(
        store.sendable_outbox().unwrap().is_empty(),
        "nothing would be sent under the next account"
    );
    assert!(
        store.outbox_for_conversation(1).unwrap().is_empty(),
        "a failed write cannot be retried by the next account either"
    );
    assert_eq!(store.filter_counts().unwrap().all, 0, "the cache is empty");
    assert_eq!(
        store.sync_position().unwrap().applied_seq,
        None,
        "the next sign-in bootstraps"
    );
    assert_eq!(
        store.setting::<String>("notifications").unwrap().as_deref(),
        Some("kept"),
        "the machine's settings stay"
    );
}

#[test]
fn a_reply_the_server_would_refuse_is_refused_before_it_is_queued() {
    let (_dir, store) = new_store();
    bootstrap_empty(&store, 10);
    let too_long = "a".repeat(switchboard_protocol::MAX_REPLY_CHARS + 1);
    for (case, text) in [
        ("empty", ""),
        ("white space", " \n\t "),
        ("too long", &too_long),
    ] {
        let refused = store.enqueue(1, reply(text), &format!("key {case}"), T0);
        assert!(
            matches!(refused, Err(StoreError::InvalidWrite(_))),
            "{case}: a reply the server refuses must never wait in the outbox, got {refused:?}"
        );
    }
    assert_eq!(store.unsent_writes().unwrap(), 0, "nothing was queued");
    let longest = "é".repeat(switchboard_protocol::MAX_REPLY_CHARS);
    store
        .enqueue(1, reply(&longest), "key longest", T0)
        .expect("the limit counts characters, not bytes: the longest reply is accepted");
}
