//! Who handles a conversation: taking, releasing, taking over, and what
//! replies, pauses, resumes and closes do to it, each with the events a
//! client sees.

mod common;

use common::{expect_error, json, start, written, TestServer};
use reqwest::StatusCode;
use switchboard_protocol::{
    error_code, Assignee, AssistantState, Change, Conversation, Event, Me, Role,
};

/// The conversation each event carries, for events about conversation `id`.
fn conversation_states(events: &[Event], id: i64) -> Vec<(&'static str, Option<Assignee>)> {
    events
        .iter()
        .filter_map(|event| {
            let conversation: &Conversation = match &event.change {
                Change::ConversationStarted { conversation, .. }
                | Change::ConversationUpdated { conversation }
                | Change::ConversationTransferred { conversation }
                | Change::MessageCreated { conversation, .. } => conversation,
                Change::ContactUpserted { .. } => return None,
            };
            (conversation.id == id)
                .then(|| (event.change.type_name(), conversation.assignee.clone()))
        })
        .collect()
}

async fn me(t: &TestServer, token: &str) -> Assignee {
    let me: Me = json(
        t.http
            .get(t.url("/v1/me"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    Assignee {
        id: me.id,
        name: me.name,
    }
}

/// A transferred conversation nobody handles yet.
fn transferred(t: &TestServer, name: &str) -> Conversation {
    let c = t.new_conversation(name);
    t.control().transfer(c.id, "asked for a human").unwrap()
}

#[tokio::test]
async fn taking_a_transfer_assigns_it_and_tells_every_client() {
    let t = start().await;
    let ana = me(&t, &t.token).await;
    let c = transferred(&t, "Noah");
    assert_eq!(c.assignee, None, "a fresh transfer is nobody's yet");
    let before = t.last_seq();

    let taken = written(t.take_as(&t.token, c.id, "k-take", false).await).await;

    assert_eq!(
        taken.conversation.assignee,
        Some(ana.clone()),
        "the taker handles it"
    );
    let events = t.events_after(before).await;
    assert_eq!(
        conversation_states(&events, c.id),
        [("conversation_updated", Some(ana.clone()))],
        "one conversation_updated carries the new assignee to every client"
    );
    assert_eq!(taken.seq, events[0].seq, "the result names its event's seq");

    let again = written(t.take_as(&t.token, c.id, "k-take-2", false).await).await;
    assert_eq!(again.conversation.assignee, Some(ana), "still Ana's");
    assert_eq!(
        t.events_after(taken.seq).await.len(),
        0,
        "taking what one already holds appends nothing"
    );
    let bootstrap: switchboard_protocol::BootstrapPage = json(
        t.get("/v1/sync/bootstrap").send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        bootstrap
            .conversations
            .iter()
            .find(|x| x.id == c.id)
            .unwrap()
            .assignee,
        taken.conversation.assignee,
        "the bootstrap carries the assignee too"
    );
}

#[tokio::test]
async fn taking_another_users_conversation_needs_take_over() {
    let t = start().await;
    let bea_token = t.token_for(Role::Agent, "Bea");
    let bea = me(&t, &bea_token).await;
    let c = transferred(&t, "Noah");
    written(t.take_as(&t.token, c.id, "k-ana", false).await).await;
    let before = t.last_seq();

    let refused = expect_error(
        t.take_as(&bea_token, c.id, "k-bea", false).await,
        StatusCode::CONFLICT,
        error_code::HANDLED_BY_SOMEONE_ELSE,
    )
    .await;
    assert!(
        refused.message.contains("Ana"),
        "the refusal names who handles it, so the client can ask: {}",
        refused.message
    );
    assert_eq!(t.last_seq(), before, "a refused take changes nothing");

    let taken = written(t.take_as(&bea_token, c.id, "k-bea-over", true).await).await;
    assert_eq!(
        taken.conversation.assignee,
        Some(bea.clone()),
        "an agent who was asked may take it over"
    );
    assert_eq!(
        conversation_states(&t.events_after(before).await, c.id),
        [("conversation_updated", Some(bea))],
        "the take-over is one conversation_updated"
    );
}

#[tokio::test]
async fn releasing_is_for_the_holder_or_a_manager() {
    let t = start().await;
    let bea_token = t.token_for(Role::Agent, "Bea");
    let boss_token = t.token_for(Role::Manager, "Carla");
    let c = transferred(&t, "Noah");

    let nothing = written(t.release_as(&bea_token, c.id, "k-0").await).await;
    assert_eq!(
        nothing.seq, c.updated_seq,
        "releasing what nobody holds changes nothing"
    );

    written(t.take_as(&t.token, c.id, "k-1", false).await).await;
    let before = t.last_seq();
    expect_error(
        t.release_as(&bea_token, c.id, "k-2").await,
        StatusCode::CONFLICT,
        error_code::HANDLED_BY_SOMEONE_ELSE,
    )
    .await;
    assert_eq!(
        t.last_seq(),
        before,
        "an agent cannot leave a colleague's customer to nobody"
    );

    let released = written(t.release_as(&boss_token, c.id, "k-3").await).await;
    assert_eq!(
        released.conversation.assignee, None,
        "a manager may release anyone's"
    );
    assert_eq!(
        conversation_states(&t.events_after(before).await, c.id),
        [("conversation_updated", None)],
        "the release is one conversation_updated"
    );

    written(t.take_as(&bea_token, c.id, "k-4", false).await).await;
    let own = written(t.release_as(&bea_token, c.id, "k-5").await).await;
    assert_eq!(
        own.conversation.assignee, None,
        "anyone may release their own"
    );
}

#[tokio::test]
async fn a_closed_conversation_cannot_be_taken_and_closing_clears_the_assignee() {
    let t = start().await;
    let c = transferred(&t, "Noah");
    written(t.take_as(&t.token, c.id, "k-take", false).await).await;
    let before = t.last_seq();

    let closed = written(t.close(c.id, "k-close").await).await;
    assert_eq!(
        closed.conversation.assignee, None,
        "nobody handles a closed conversation"
    );
    assert_eq!(
        conversation_states(&t.events_after(before).await, c.id),
        [("conversation_updated", None), ("message_created", None)],
        "the close's own event carries the cleared assignee"
    );

    let after_close = t.last_seq();
    expect_error(
        t.take_as(&t.token, c.id, "k-take-closed", true).await,
        StatusCode::CONFLICT,
        error_code::CONVERSATION_CLOSED,
    )
    .await;
    let released = written(t.release_as(&t.token, c.id, "k-release-closed").await).await;
    assert_eq!(released.conversation.assignee, None);
    assert_eq!(
        t.last_seq(),
        after_close,
        "neither a refused take nor a release of a closed conversation writes anything"
    );
}

#[tokio::test]
async fn replying_takes_the_conversation_and_resuming_the_assistant_clears_it() {
    let t = start().await;
    let ana = me(&t, &t.token).await;
    let bea_token = t.token_for(Role::Agent, "Bea");
    let bea = me(&t, &bea_token).await;
    let c = transferred(&t, "Noah");
    let before = t.last_seq();

    let replied = written(t.reply(c.id, "k-reply", "Hi Noah, Ana here").await).await;
    assert_eq!(
        replied.conversation.assignee,
        Some(ana.clone()),
        "who replies handles it"
    );
    assert_eq!(
        conversation_states(&t.events_after(before).await, c.id),
        [
            ("conversation_updated", Some(ana.clone())),
            ("message_created", Some(ana.clone()))
        ],
        "the assignment comes before the reply, which carries it too"
    );

    let before = t.last_seq();
    let taken_over = written(
        t.reply_as(&bea_token, c.id, "k-bea", "Bea here, I'll help")
            .await,
    )
    .await;
    assert_eq!(
        taken_over.conversation.assignee,
        Some(bea.clone()),
        "a reply to someone else's conversation takes it over (the client asked first)"
    );
    assert_eq!(
        conversation_states(&t.events_after(before).await, c.id),
        [
            ("conversation_updated", Some(bea.clone())),
            ("message_created", Some(bea))
        ]
    );

    let before = t.last_seq();
    let resumed = written(
        t.set_assistant(c.id, "k-resume", AssistantState::Active)
            .await,
    )
    .await;
    assert_eq!(
        resumed.conversation.assignee, None,
        "giving it back to the assistant leaves it to nobody"
    );
    assert_eq!(
        conversation_states(&t.events_after(before).await, c.id),
        [("conversation_updated", None), ("message_created", None)]
    );

    let paused = written(
        t.set_assistant(c.id, "k-pause", AssistantState::Paused)
            .await,
    )
    .await;
    assert_eq!(
        paused.conversation.assignee,
        Some(ana),
        "pausing the assistant means the agent handles it"
    );
}

#[tokio::test]
async fn a_take_is_idempotent_under_its_key() {
    let t = start().await;
    let bea_token = t.token_for(Role::Agent, "Bea");
    let c = transferred(&t, "Noah");
    let first = written(t.take_as(&t.token, c.id, "k-same", false).await).await;
    written(t.take_as(&bea_token, c.id, "k-bea", true).await).await;

    let retried = written(t.take_as(&t.token, c.id, "k-same", false).await).await;
    assert_eq!(
        retried, first,
        "a retry of a take that landed returns its first result, not a new take-over"
    );
    expect_error(
        t.take_as(&t.token, c.id, "k-same", true).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        error_code::IDEMPOTENCY_MISMATCH,
    )
    .await;
}

#[tokio::test]
async fn the_demo_shows_a_colleague_handling_some_transfers_and_leaves_others_waiting() {
    let t = common::start_with(|c| c.demo = false).await;
    t.control().seed_demo(3).unwrap();
    let transferred: Vec<Conversation> = t
        .control()
        .recent_conversations(1000)
        .unwrap()
        .into_iter()
        .filter(|c| c.status == switchboard_protocol::ConversationStatus::Transferred)
        .collect();
    let names: Vec<Option<&str>> = transferred
        .iter()
        .map(|c| c.assignee.as_ref().map(|a| a.name.as_str()))
        .collect();
    assert!(
        names.contains(&Some("Bea")),
        "some demo transfers show \"Bea is handling this\": {names:?}"
    );
    assert!(
        names.contains(&None),
        "and some are nobody's yet, for reminders and escalations to show: {names:?}"
    );
}
