//! What messages mean as data: the assistant's fallback replies are marked
//! unanswered and system messages carry their event, on every read path
//! (the event log and the history endpoint) and in the OpenAPI document.

mod common;

use common::{json, start};
use reqwest::StatusCode;
use switchboard_backend::NewContact;
use switchboard_protocol::{
    AssistantState, Author, Change, EventsPage, Message, MessagesPage, SystemEvent,
};

fn messages(page: &EventsPage) -> Vec<Message> {
    page.events
        .iter()
        .filter_map(|e| match &e.change {
            Change::MessageCreated { message, .. } => Some(message.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_fallback_reply_is_marked_unanswered_and_a_known_answer_is_not() {
    let t = start().await;
    let control = t.server.control();
    let c = control
        .start_conversation(NewContact::named("Eva"), "web")
        .unwrap();
    let known = control
        .customer_turn(c.id, "How much is the plan?")
        .unwrap();
    let unknown = control
        .customer_turn(c.id, "Do you sell left-handed scissors?")
        .unwrap();
    assert!(
        known.answer.unwrap().unanswered == Some(false),
        "a price question has an answer: not a review item"
    );
    let fallback = unknown.answer.unwrap();
    assert!(
        fallback.unanswered == Some(true),
        "the fallback {:?} must carry the marker, so clients never parse its text",
        fallback.text
    );

    let page: EventsPage = json(
        t.get("/v1/sync/events?after=0").send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    let marked: Vec<i64> = messages(&page)
        .iter()
        .filter(|m| m.unanswered == Some(true))
        .map(|m| m.id)
        .collect();
    assert_eq!(marked, [fallback.id], "the marker travels in the event log");
    let customer_says: Vec<Option<bool>> = messages(&page)
        .iter()
        .filter(|m| m.author == Author::Customer)
        .map(|m| m.unanswered)
        .collect();
    assert_eq!(
        customer_says,
        [None, None],
        "only assistant messages say whether they answered"
    );
    let history: MessagesPage = json(
        t.get(&format!(
            "/v1/conversations/{}/messages?before=999999",
            c.id
        ))
        .send()
        .await
        .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(
        history
            .messages
            .iter()
            .any(|m| m.id == fallback.id && m.unanswered == Some(true)),
        "and in the history endpoint, read back from the database"
    );
}

#[tokio::test]
async fn every_state_change_message_carries_its_event() {
    let t = start().await;
    let control = t.server.control();
    let c = control
        .start_conversation(NewContact::named("João"), "whatsapp")
        .unwrap();
    control.transfer(c.id, "asked for a human").unwrap();
    control.set_assistant(c.id, AssistantState::Active).unwrap();
    control
        .set_assistant(c.id, AssistantState::Blocked)
        .unwrap();
    control.close(c.id).unwrap();
    let reply = t.reply(c.id, "k1", "ignored: closed").await;
    assert_eq!(
        reply.status(),
        StatusCode::CONFLICT,
        "a closed conversation takes no reply"
    );

    let page: EventsPage = json(
        t.get("/v1/sync/events?after=0").send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    let events: Vec<Option<SystemEvent>> = messages(&page).into_iter().map(|m| m.event).collect();
    assert_eq!(
        events,
        [
            Some(SystemEvent::Transferred {
                reason: "asked for a human".into()
            }),
            Some(SystemEvent::Resumed { by: None }),
            Some(SystemEvent::Blocked { by: None }),
            Some(SystemEvent::Closed { by: None }),
        ],
        "each system message says what happened as data; `by` is None for the backend itself"
    );
}

#[tokio::test]
async fn an_agent_reply_pauses_with_an_event_naming_the_agent() {
    let t = start().await;
    let c = t.new_conversation("Lucía");
    let reply = t.reply(c.id, "k1", "Hola, soy Ana").await;
    assert_eq!(reply.status(), StatusCode::OK);
    let page: EventsPage = json(
        t.get("/v1/sync/events?after=0").send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    let paused = messages(&page).into_iter().find_map(|m| m.event);
    assert_eq!(
        paused,
        Some(SystemEvent::Paused {
            by: Some("Ana".into())
        }),
        "the pause a reply causes names the agent, for the history"
    );
}

#[tokio::test]
async fn the_openapi_document_describes_the_marker_and_the_events() {
    let t = start().await;
    let doc: serde_json::Value = json(
        t.http.get(t.url("/v1/openapi.json")).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    let message = &doc["components"]["schemas"]["Message"]["properties"];
    assert!(
        message["unanswered"].is_object() && message["event"].is_object(),
        "Message documents both new fields: {message}"
    );
    let event = serde_json::to_string(&doc["components"]["schemas"]["SystemEvent"]).unwrap();
    for kind in ["transferred", "paused", "resumed", "blocked", "closed"] {
        assert!(
            event.contains(kind),
            "SystemEvent documents the kind {kind}: {event}"
        );
    }
}

/// Every event of the server's log, page after page.
async fn all_events(t: &common::TestServer) -> Vec<switchboard_protocol::Event> {
    let mut events = Vec::new();
    loop {
        let after = events
            .last()
            .map_or(0, |e: &switchboard_protocol::Event| e.seq);
        let page: EventsPage = json(
            t.get(&format!("/v1/sync/events?after={after}&limit=500"))
                .send()
                .await
                .unwrap(),
            StatusCode::OK,
        )
        .await;
        let done = page.events.is_empty() || page.events.last().unwrap().seq >= page.last_seq;
        events.extend(page.events);
        if done {
            return events;
        }
    }
}

#[tokio::test]
async fn the_demo_gives_yesterday_something_for_every_review_section() {
    let t = common::start_with(|c| c.demo = false).await;
    t.control().seed_demo(1).unwrap();
    let events = all_events(&t).await;
    let now = events.last().unwrap().occurred_at;
    // Whatever the local time zone, yesterday lies within 12 to 48 hours
    // ago for part of the day; check the stretch from 24 to 48 hours ago.
    let yesterday = |at: i64| (now - 48 * 3_600_000..now - 24 * 3_600_000).contains(&at);
    let messages: Vec<Message> = messages(&EventsPage {
        events: events.clone(),
        last_seq: 0,
    });
    assert!(
        messages
            .iter()
            .any(|m| m.unanswered == Some(true) && yesterday(m.created_at)),
        "unanswered questions yesterday"
    );
    let transfers: Vec<&Message> = messages
        .iter()
        .filter(|m| matches!(m.event, Some(SystemEvent::Transferred { .. })))
        .collect();
    assert!(
        transfers.iter().any(|m| yesterday(m.created_at)
            && messages
                .iter()
                .any(|r| r.conversation_id == m.conversation_id
                    && r.author == Author::Agent
                    && r.created_at > m.created_at)),
        "transfers yesterday, answered by an agent (a time to a human)"
    );
    let mut contact_of = std::collections::HashMap::new();
    for e in &events {
        if let Change::ConversationStarted { conversation, .. } = &e.change {
            contact_of.insert(conversation.id, conversation.contact_id);
        }
    }
    let mut per_contact = std::collections::HashMap::<i64, usize>::new();
    for m in &transfers {
        *per_contact
            .entry(contact_of[&m.conversation_id])
            .or_default() += 1;
    }
    assert!(
        per_contact.values().any(|&n| n >= 2),
        "contacts transferred more than once"
    );
    let quiet_lead = messages.iter().any(|m| {
        let later: Vec<&Message> = messages
            .iter()
            .filter(|n| n.conversation_id == m.conversation_id && n.id > m.id)
            .collect();
        m.author == Author::Customer
            && yesterday(m.created_at)
            && ["price", "preço", "order", "comprar"]
                .iter()
                .any(|w| m.text.to_lowercase().contains(w))
            && !later.is_empty()
            && later.iter().all(|n| n.author == Author::Assistant)
    });
    assert!(
        quiet_lead,
        "a customer asked about buying yesterday, got the assistant's answer and said nothing since"
    );
}
