//! Opt-in checks of the app against a real Chatwoot, for whoever has one:
//! `scripts/chatwoot-real.sh` runs them with `SWITCHBOARD_CHATWOOT_URL`,
//! `SWITCHBOARD_CHATWOOT_ACCOUNT` and `SWITCHBOARD_CHATWOOT_TOKEN` set. They
//! drive the app's real setup on Tauri's mock runtime, as the page would.
//!
//! The first only reads (sign in, first sync, the history of one
//! conversation). The second writes a reply into a conversation you name,
//! and only when `SWITCHBOARD_CHATWOOT_ALLOW_WRITES=1`: the customer of that
//! conversation receives it, and the conversation is taken over by you.

mod common;

use std::time::Duration;

use common::{app, eventually, invoke};
use serde_json::{json, Value};
use switchboard_chatwoot::{api::Api, ChatwootConfig};
use tauri::test::MockRuntime;

/// The Chatwoot account given by the environment.
struct Given {
    url: String,
    account: u64,
    token: String,
}

fn given() -> Given {
    let var = |name: &str| {
        std::env::var(name)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| panic!("set {name} (see README: Using Switchboard with Chatwoot)"))
    };
    Given {
        url: var("SWITCHBOARD_CHATWOOT_URL"),
        account: var("SWITCHBOARD_CHATWOOT_ACCOUNT")
            .trim()
            .parse()
            .expect("SWITCHBOARD_CHATWOOT_ACCOUNT is the account's number"),
        token: var("SWITCHBOARD_CHATWOOT_TOKEN"),
    }
}

/// Signs in as the page does and waits for the first sync to finish.
fn signed_in(app: &tauri::App<MockRuntime>, given: &Given) -> Value {
    let session = invoke(
        app,
        "sign_in_chatwoot",
        json!({"baseUrl": given.url, "accountId": given.account, "token": given.token,
               // A Chatwoot on plain http elsewhere is the tester's choice.
               "consent": {"allow_insecure": true, "discard_unsent": false}}),
    )
    .unwrap_or_else(|error| panic!("Chatwoot refused the sign-in: {error}"));
    println!("signed in as {}", session["me"]);
    let live = eventually(Duration::from_secs(120), || {
        (invoke(app, "sync_status", json!({})).unwrap()["kind"] == "live").then_some(())
    });
    assert!(
        live.is_some(),
        "the first sync ends and the live connection (ActionCable) is up within 2 min: {:?}",
        invoke(app, "sync_status", json!({}))
    );
    session
}

#[test]
#[ignore = "needs a real Chatwoot: run scripts/chatwoot-real.sh"]
fn a_real_chatwoot_signs_in_syncs_and_serves_a_conversations_history() {
    let given = given();
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), None);
    let session = signed_in(&app, &given);
    assert_eq!(session["type"], "signed_in");

    let rows = invoke(
        &app,
        "list_conversations",
        json!({"query": {"filter": "all", "selected": null, "after": null, "limit": 50}}),
    )
    .unwrap()["rows"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    println!("{} conversations listed", rows.len());
    let first = rows
        .first()
        .expect("the account has at least one conversation to check the history with");

    let opened = invoke(&app, "open_conversation", json!({"id": first["id"]})).unwrap();
    let messages = opened["messages"]["messages"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    println!(
        "conversation {} ({}) opened with {} messages",
        first["id"],
        first["contact_name"],
        messages.len()
    );
    assert!(
        !messages.is_empty(),
        "a listed conversation has at least the message that started it"
    );
    let oldest = messages
        .iter()
        .filter_map(|m| m["id"].as_i64())
        .min()
        .unwrap();
    let older = invoke(
        &app,
        "older_messages",
        json!({"conversationId": first["id"], "before": oldest, "limit": 25}),
    );
    assert!(
        older.is_ok(),
        "older history is served (from Chatwoot where the cache lacks it): {older:?}"
    );
    invoke(&app, "sign_out", json!({})).unwrap();
}

#[test]
#[ignore = "writes to a real Chatwoot: run scripts/chatwoot-real.sh --writes"]
fn a_reply_to_a_real_chatwoot_arrives_exactly_once() {
    if std::env::var("SWITCHBOARD_CHATWOOT_ALLOW_WRITES").as_deref() != Ok("1") {
        println!("skipped: set SWITCHBOARD_CHATWOOT_ALLOW_WRITES=1 to send a reply");
        return;
    }
    let given = given();
    let conversation: i64 = std::env::var("SWITCHBOARD_CHATWOOT_CONVERSATION")
        .expect("SWITCHBOARD_CHATWOOT_CONVERSATION names the conversation (its number in Chatwoot) to reply in")
        .trim()
        .parse()
        .expect("SWITCHBOARD_CHATWOOT_CONVERSATION is a number");
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), None);
    signed_in(&app, &given);

    let text = format!(
        "Switchboard check {}: please ignore.",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    );
    invoke(
        &app,
        "send_reply",
        json!({"conversationId": conversation, "text": text}),
    )
    .unwrap_or_else(|error| panic!("the reply was refused: {error}"));

    let api = Api::new(&ChatwootConfig::new(
        &given.url,
        given.account,
        &given.token,
    ))
    .unwrap();
    let count = || {
        tauri::async_runtime::block_on(api.messages(conversation, None, None))
            .expect("Chatwoot lists the conversation's messages")
            .iter()
            .filter(|m| m.message_type == 1 && m.content.as_deref() == Some(text.as_str()))
            .count()
    };
    let arrived = eventually(Duration::from_secs(30), || (count() > 0).then_some(()));
    assert!(arrived.is_some(), "the reply reaches Chatwoot within 30 s");
    // Time for a second send, were the outbox to retry a delivered reply.
    std::thread::sleep(Duration::from_secs(5));
    assert_eq!(count(), 1, "one reply is stored once in Chatwoot");
    invoke(&app, "sign_out", json!({})).unwrap();
}
