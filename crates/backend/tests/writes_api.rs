//! Agent writes over a real socket: the product's rules, idempotency, bad
//! input, and the event log under concurrent writers.

mod common;

use std::collections::BTreeSet;

use common::{expect_error, json, start, texts, written};
use reqwest::StatusCode;
use serde_json::json;
use switchboard_backend::NewContact;
use switchboard_protocol::{
    error_code, AssistantState, Author, ContactConversations, ConversationStatus, EventsPage, Me,
    Role,
};

#[tokio::test]
async fn active_assistant_answers_paused_stays_silent_and_agent_replies_carry_the_agent() {
    let t = start().await;
    let me: Me = json(t.get("/v1/me").send().await.unwrap(), StatusCode::OK).await;
    let c = t.new_conversation("José Peña");

    let turn = t.control().customer_turn(c.id, "Qual o preço?").unwrap();
    assert!(
        turn.answer.is_some(),
        "an active assistant answers each customer message"
    );
    assert_eq!(turn.answer.unwrap().author, Author::Assistant);

    let paused = written(
        t.set_assistant(c.id, "k-pause", AssistantState::Paused)
            .await,
    )
    .await;
    assert_eq!(paused.conversation.assistant_state, AssistantState::Paused);
    let turn = t.control().customer_turn(c.id, "Hello?").unwrap();
    assert!(turn.answer.is_none(), "a paused assistant does not answer");

    let sent = written(t.reply(c.id, "k-reply", "Hi José, Ana here 👋").await).await;
    let message = sent.message.expect("a reply returns its message");
    assert_eq!(
        message.author,
        Author::Agent,
        "an agent reply is authored by the agent"
    );
    assert_eq!(
        (message.agent_id, message.agent_name.as_deref()),
        (Some(me.id), Some("Ana")),
        "the token says who replied"
    );
    assert_eq!(
        sent.seq, message.seq,
        "the write result names the seq it was committed at"
    );
    assert_eq!(
        sent.conversation.last_message_preview.as_deref(),
        Some("Hi José, Ana here 👋")
    );

    let resumed = written(
        t.set_assistant(c.id, "k-resume", AssistantState::Active)
            .await,
    )
    .await;
    assert_eq!(
        resumed.conversation.assistant_state,
        AssistantState::Active,
        "reactivating resumes the assistant"
    );
    assert!(
        t.control()
            .customer_turn(c.id, "Thanks!")
            .unwrap()
            .answer
            .is_some(),
        "the resumed assistant answers again"
    );

    let history = t.history(c.id).await;
    let system: Vec<&str> = history
        .messages
        .iter()
        .filter(|m| m.author == Author::System)
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(
        system,
        ["Assistant resumed by Ana", "Assistant paused by Ana"],
        "state changes show in the history, newest first"
    );
}

#[tokio::test]
async fn replying_while_the_assistant_is_active_pauses_it() {
    let t = start().await;
    let c = t.new_conversation("Amélie");

    let sent = written(t.reply(c.id, "k1", "Je prends le relais").await).await;

    assert_eq!(
        sent.conversation.assistant_state,
        AssistantState::Paused,
        "a human taking over silences the assistant"
    );
    assert!(
        t.control()
            .customer_turn(c.id, "Merci")
            .unwrap()
            .answer
            .is_none(),
        "and it stays silent"
    );
}

#[tokio::test]
async fn a_reply_longer_than_the_protocol_allows_is_refused_and_writes_nothing() {
    let t = start().await;
    let c = t.new_conversation("Ana");
    let head = t.last_seq();
    let too_long = "ã".repeat(switchboard_protocol::MAX_REPLY_CHARS + 1);

    expect_error(
        t.reply(c.id, "k-long", &too_long).await,
        StatusCode::BAD_REQUEST,
        error_code::BAD_REQUEST,
    )
    .await;
    assert_eq!(t.last_seq(), head, "a refused reply appends no event");

    let longest = "ã".repeat(switchboard_protocol::MAX_REPLY_CHARS);
    written(t.reply(c.id, "k-longest", &longest).await).await;
}

#[tokio::test]
async fn blocked_users_messages_are_kept_and_never_answered() {
    let t = start().await;
    let c = t.new_conversation("Troll");
    let manager = t.token_for(Role::Manager, "Bea");
    written(
        t.set_assistant_as(&manager, c.id, "k-block", AssistantState::Blocked)
            .await,
    )
    .await;

    let turn = t.control().customer_turn(c.id, "🤬").unwrap();

    assert!(turn.answer.is_none(), "a blocked user gets no answer");
    assert_eq!(
        t.history(c.id).await.messages[0].text,
        "🤬",
        "the blocked user's message is kept"
    );
}

#[tokio::test]
async fn transfer_pauses_and_reactivating_reopens() {
    let t = start().await;
    let c = t.new_conversation("Björn");

    let transferred = t.control().transfer(c.id, "price negotiation").unwrap();
    assert_eq!(transferred.status, ConversationStatus::Transferred);
    assert_eq!(
        transferred.assistant_state,
        AssistantState::Paused,
        "a transfer pauses the assistant"
    );
    assert!(
        transferred.transferred_at.is_some(),
        "a transfer records its time"
    );
    assert!(
        t.control()
            .customer_turn(c.id, "Hello?")
            .unwrap()
            .answer
            .is_none(),
        "nobody but a human answers now"
    );
    assert!(
        t.control().transfer(c.id, "again").is_err(),
        "a transferred conversation cannot be transferred again"
    );

    let reopened = written(
        t.set_assistant(c.id, "k-active", AssistantState::Active)
            .await,
    )
    .await;
    assert_eq!(
        reopened.conversation.status,
        ConversationStatus::Open,
        "activating the assistant reopens it"
    );
    assert_eq!(
        reopened.conversation.transfer_reason.as_deref(),
        Some("price negotiation"),
        "the last reason stays"
    );
}

#[tokio::test]
async fn closed_conversations_reject_writes_and_returning_contacts_link_to_the_same_contact() {
    let t = start().await;
    let customer = NewContact {
        email: Some("renee@example.com".into()),
        phone: Some("+55 11 98765-4321".into()),
        ..NewContact::named("Renée")
    };
    let first = t
        .control()
        .start_conversation(customer, "whatsapp")
        .unwrap();

    let closed = written(t.close(first.id, "k-close").await).await;
    assert_eq!(closed.conversation.status, ConversationStatus::Closed);

    let (conflict, invalid) = (StatusCode::CONFLICT, error_code::INVALID_TRANSITION);
    let again = t.close(first.id, "k-close-2").await;
    expect_error(again, conflict, invalid).await;
    let late_reply = t.reply(first.id, "k-late", "too late").await;
    expect_error(late_reply, conflict, invalid).await;
    let late_resume = t
        .set_assistant(first.id, "k-late-2", AssistantState::Active)
        .await;
    expect_error(late_resume, conflict, invalid).await;
    assert!(
        t.control().customer_message(first.id, "hi").is_err(),
        "a closed conversation takes no customer message"
    );

    let returning = NewContact {
        email: Some("renee@example.com".into()),
        ..NewContact::named("Renée D.")
    };
    let second = t.control().start_conversation(returning, "web").unwrap();
    assert_eq!(
        second.contact_id, first.contact_id,
        "a returning contact's new conversation links to the same contact"
    );
    let contact: ContactConversations = json(
        t.get(&format!("/v1/contacts/{}/conversations", first.contact_id))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        contact.contact.name, "Renée D.",
        "the contact is updated with what is new"
    );
    assert_eq!(
        contact.contact.phone.as_deref(),
        Some("+55 11 98765-4321"),
        "and keeps what it knew"
    );
    let ids: Vec<i64> = contact.conversations.iter().map(|c| c.id).collect();
    assert_eq!(
        ids,
        [second.id, first.id],
        "a contact's conversations, newest activity first"
    );
}

#[tokio::test]
async fn retried_writes_return_the_first_result_and_change_nothing() {
    let t = start().await;
    let c = t.new_conversation("Gonçalo");
    let first = written(t.reply(c.id, "same-key", "Olá").await).await;
    let head = t.last_seq();

    let second = written(t.reply(c.id, "same-key", "Olá").await).await;
    assert_eq!(first, second, "the same key returns the first response");
    assert_eq!(t.last_seq(), head, "a retry appends no event");

    let spelled = t
        .post(&format!("/v1/conversations/{}/messages", c.id), "same-key")
        .body("{ \"text\" : \"Olá\" }")
        .send()
        .await
        .unwrap();
    assert_eq!(
        written(spelled).await,
        first,
        "the same JSON spelled differently is the same request"
    );

    let (unprocessable, reused) = (
        StatusCode::UNPROCESSABLE_ENTITY,
        error_code::IDEMPOTENCY_MISMATCH,
    );
    let other = t.reply(c.id, "same-key", "Something else").await;
    expect_error(other, unprocessable, reused).await;
    let elsewhere = t
        .set_assistant(c.id, "same-key", AssistantState::Active)
        .await;
    expect_error(elsewhere, unprocessable, reused).await;
    assert_eq!(t.last_seq(), head, "rejected writes change nothing");

    let missing = t
        .http
        .post(t.url(&format!("/v1/conversations/{}/messages", c.id)))
        .bearer_auth(&t.token)
        .json(&json!({ "text": "no key" }))
        .send()
        .await
        .unwrap();
    expect_error(
        missing,
        StatusCode::BAD_REQUEST,
        error_code::MISSING_IDEMPOTENCY_KEY,
    )
    .await;
}

#[tokio::test]
async fn bad_input_gets_a_json_error_and_writes_nothing() {
    let t = common::start_with(|c| c.body_limit = 1024).await;
    let c = t.new_conversation("Łukasz");
    let head = t.last_seq();
    let path = format!("/v1/conversations/{}/messages", c.id);

    let cases: Vec<(&str, String, StatusCode, &str)> = vec![
        (
            "malformed JSON",
            "{\"text\": ".into(),
            StatusCode::BAD_REQUEST,
            error_code::INVALID_BODY,
        ),
        (
            "unknown field",
            r#"{"text":"hi","admin":true}"#.into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            error_code::INVALID_BODY,
        ),
        (
            "missing field",
            "{}".into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            error_code::INVALID_BODY,
        ),
        (
            "wrong type",
            r#"{"text":42}"#.into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            error_code::INVALID_BODY,
        ),
        (
            "oversized",
            format!("{{\"text\":\"{}\"}}", "a".repeat(4096)),
            StatusCode::PAYLOAD_TOO_LARGE,
            error_code::PAYLOAD_TOO_LARGE,
        ),
        (
            "empty text",
            r#"{"text":"  "}"#.into(),
            StatusCode::BAD_REQUEST,
            error_code::BAD_REQUEST,
        ),
    ];
    for (i, (what, body, status, code)) in cases.into_iter().enumerate() {
        let response = t
            .post(&path, &format!("k{i}"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let error = expect_error(response, status, code).await;
        assert!(
            !error.message.is_empty(),
            "{what}: the error says what is wrong"
        );
    }
    expect_error(
        t.set_assistant(c.id, "k-state", "sleeping").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        error_code::INVALID_BODY,
    )
    .await;
    assert_eq!(t.last_seq(), head, "no rejected request wrote anything");

    expect_error(
        t.reply(999_999, "k-404", "hi").await,
        StatusCode::NOT_FOUND,
        error_code::NOT_FOUND,
    )
    .await;
    for (path, status, code) in [
        (
            "/v1/conversations/abc/messages",
            StatusCode::BAD_REQUEST,
            error_code::BAD_REQUEST,
        ),
        (
            "/v1/conversations/999999/messages",
            StatusCode::NOT_FOUND,
            error_code::NOT_FOUND,
        ),
        (
            "/v1/contacts/999999/conversations",
            StatusCode::NOT_FOUND,
            error_code::NOT_FOUND,
        ),
        ("/v1/nowhere", StatusCode::NOT_FOUND, error_code::NOT_FOUND),
    ] {
        expect_error(t.get(path).send().await.unwrap(), status, code).await;
    }
    let r = t
        .http
        .delete(t.url("/v1/me"))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap();
    expect_error(r, StatusCode::METHOD_NOT_ALLOWED, error_code::BAD_REQUEST).await;
}

#[tokio::test]
async fn older_history_pages_backwards_by_message_id() {
    let t = start().await;
    let c = t.new_conversation("Priya");
    t.control()
        .set_assistant(c.id, AssistantState::Paused)
        .unwrap();
    for i in 0..5 {
        t.control()
            .customer_message(c.id, &format!("m{i}"))
            .unwrap();
    }

    let newest = t.history_page(c.id, "limit=2").await;
    assert_eq!(texts(&newest.messages), ["m4", "m3"], "newest first");
    assert!(newest.has_more, "older messages remain");

    let before = newest.messages[1].id;
    let older = t
        .history_page(c.id, &format!("limit=2&before={before}"))
        .await;
    assert_eq!(texts(&older.messages), ["m2", "m1"], "before is exclusive");

    let before = older.messages[1].id;
    let oldest = t
        .history_page(c.id, &format!("limit=10&before={before}"))
        .await;
    assert!(!oldest.has_more, "the first message ends the history");
}

#[tokio::test]
async fn concurrent_writers_get_gapless_unique_seqs() {
    let t = start().await;
    let conversations: Vec<i64> = (0..10)
        .map(|i| t.new_conversation(&format!("C{i}")).id)
        .collect();
    let start_seq = t.last_seq();
    let mut writers = Vec::new();
    for i in 0..100 {
        let http = t.http.clone();
        let url = t.url(&format!(
            "/v1/conversations/{}/messages",
            conversations[i % 10]
        ));
        let token = t.token.clone();
        writers.push(tokio::spawn(async move {
            let response = http
                .post(url)
                .bearer_auth(token)
                .header("Idempotency-Key", format!("writer-{i}"))
                .json(&json!({ "text": format!("reply {i}") }))
                .send()
                .await
                .unwrap();
            written(response).await.seq
        }));
    }
    let mut reply_seqs = BTreeSet::new();
    for writer in writers {
        assert!(
            reply_seqs.insert(writer.await.unwrap()),
            "no two writes share a seq"
        );
    }
    let page: EventsPage = json(
        t.get(&format!("/v1/sync/events?after={start_seq}&limit=1000"))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let seqs: Vec<i64> = page.events.iter().map(|e| e.seq).collect();
    let expected: Vec<i64> = (start_seq + 1..=page.last_seq).collect();
    assert_eq!(
        seqs, expected,
        "the log has no gap and no duplicate under 100 concurrent writers"
    );
    assert!(
        reply_seqs.iter().all(|s| seqs.contains(s)),
        "every write's seq is in the log"
    );
    // 100 replies + one pause (event + system message) per conversation.
    assert_eq!(
        seqs.len(),
        100 + 10 * 2,
        "every write appended exactly its events"
    );
}

#[tokio::test]
async fn idempotency_keys_belong_to_their_user_and_a_no_op_state_change_appends_nothing() {
    let t = start().await;
    let c = t.new_conversation("Olamide");
    written(
        t.set_assistant(c.id, "shared-key", AssistantState::Paused)
            .await,
    )
    .await;

    let bruno = t.control().create_token(Role::Manager, "Bruno").unwrap();
    let sent = written(t.reply_as(&bruno, c.id, "shared-key", "Bruno here").await).await;
    assert_eq!(
        sent.message.and_then(|m| m.agent_name).as_deref(),
        Some("Bruno"),
        "another user's identical key is a different write"
    );

    let head = t.last_seq();
    let same = written(
        t.set_assistant(c.id, "k-again", AssistantState::Paused)
            .await,
    )
    .await;
    assert_eq!(
        t.last_seq(),
        head,
        "setting the state it already has appends no event"
    );
    assert_eq!(
        same.seq, same.conversation.updated_seq,
        "a no-op reports the conversation's current seq"
    );
}
