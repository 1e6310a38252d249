//! A Chatwoot session on Tauri's mock runtime: signing in to the fake
//! Chatwoot with the page's commands, the refusals the sign-in screen
//! explains, resuming it at the next launch, and the environment's sign-in.

mod common;

use std::time::Duration;

use common::{app, eventually, invoke};
use serde_json::{json, Value};
use switchboard::session::{GivenChatwoot, Launch};
use switchboard_chatwoot_fake::FakeChatwoot;
use tauri::test::MockRuntime;

fn all_rows(app: &tauri::App<MockRuntime>) -> Vec<Value> {
    invoke(
        app,
        "list_conversations",
        json!({"query": {"filter": "all", "selected": null, "after": null, "limit": 50}}),
    )
    .unwrap()["rows"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Waits until the list holds a conversation whose last message is `preview`.
fn listed(app: &tauri::App<MockRuntime>, preview: &str) -> Option<Value> {
    eventually(Duration::from_secs(20), || {
        all_rows(app)
            .into_iter()
            .find(|row| row["preview"] == preview)
    })
}

fn sign_in(
    app: &tauri::App<MockRuntime>,
    url: &str,
    account: u64,
    token: &str,
) -> Result<Value, Value> {
    invoke(
        app,
        "sign_in_chatwoot",
        json!({"baseUrl": url, "accountId": account, "token": token}),
    )
}

#[test]
fn signing_in_to_chatwoot_lists_its_conversations_and_is_resumed_next_launch() {
    let dir = tempfile::tempdir().unwrap();
    let fake = tauri::async_runtime::block_on(FakeChatwoot::start());
    let url = fake.base_url();
    tauri::async_runtime::block_on(fake.customer_starts("Rui Costa", None, "Where is my order?"));

    let first = app(dir.path(), None);
    let session = sign_in(&first, &url, fake.account_id(), &fake.access_token()).unwrap();
    assert_eq!(session["type"], "signed_in");
    assert_eq!(
        session["me"]["name"], "Ana Agent",
        "the page shows the Chatwoot user the token belongs to"
    );
    assert_eq!(
        session["me"]["role"], "agent",
        "a Chatwoot agent is an agent"
    );
    let rui = listed(&first, "Where is my order?");
    assert_eq!(
        rui.map(|row| row["contact_name"].clone()),
        Some(json!("Rui Costa")),
        "the list shows the conversations of the Chatwoot account"
    );
    drop(first);

    // A new conversation while the app is closed: the next launch resumes
    // the Chatwoot session from the stored token and syncs it.
    tauri::async_runtime::block_on(fake.customer_starts("Lia Souza", None, "Hello?"));
    let second = app(dir.path(), Some(Launch::default()));
    let session = invoke(&second, "session", json!({})).unwrap();
    assert_eq!(
        (session["type"].clone(), session["base_url"].clone()),
        (json!("signed_in"), json!(url)),
        "the stored Chatwoot session is resumed at launch"
    );
    assert!(
        listed(&second, "Hello?").is_some(),
        "the resumed session syncs from Chatwoot, not only from the cache"
    );

    assert_eq!(
        invoke(&second, "sign_out", json!({})).unwrap(),
        json!({"type": "signed_out"})
    );
    assert!(
        all_rows(&second).is_empty(),
        "signing out of Chatwoot empties the cache as for any session"
    );
    assert!(
        !dir.path().join("config/backend-token").exists(),
        "sign-out forgets the Chatwoot token"
    );
}

#[test]
fn a_chatwoot_sign_in_tells_a_wrong_token_a_wrong_account_and_an_unreachable_server_apart() {
    let dir = tempfile::tempdir().unwrap();
    let fake = tauri::async_runtime::block_on(FakeChatwoot::start());
    let url = fake.base_url();
    let app = app(dir.path(), None);

    let wrong_token = sign_in(&app, &url, fake.account_id(), "not-a-token").unwrap_err();
    assert_eq!(
        wrong_token["code"], "unauthorized",
        "the screen must ask for another token"
    );
    let wrong_account = sign_in(&app, &url, 999, &fake.access_token()).unwrap_err();
    assert_eq!(
        wrong_account["code"], "account_not_found",
        "a good token in the wrong account must point at the account id, not the token"
    );
    let no_account = sign_in(&app, &url, 0, &fake.access_token()).unwrap_err();
    assert_eq!(
        no_account["code"], "invalid_input",
        "account ids start at 1: refused before any request"
    );
    fake.set_unreachable(true);
    let down = sign_in(&app, &url, fake.account_id(), &fake.access_token()).unwrap_err();
    assert_eq!(
        down["code"], "unreachable",
        "a server that does not answer is not a wrong token"
    );
    assert_eq!(
        invoke(&app, "session", json!({})).unwrap(),
        json!({"type": "signed_out"}),
        "a refused sign-in changes nothing"
    );
}

#[test]
fn a_chatwoot_account_given_by_the_environment_is_signed_in_at_launch() {
    let dir = tempfile::tempdir().unwrap();
    let fake = tauri::async_runtime::block_on(FakeChatwoot::start());
    tauri::async_runtime::block_on(fake.customer_starts("Rui Costa", None, "Hi"));
    let launch = Launch {
        backend: None,
        chatwoot: Some(GivenChatwoot {
            base_url: fake.base_url(),
            account_id: fake.account_id(),
            token: fake.access_token(),
        }),
    };
    let app = app(dir.path(), Some(launch));
    let session = invoke(&app, "session", json!({})).unwrap();
    assert_eq!(
        session["me"]["name"], "Ana Agent",
        "the launch signs in with the given access token"
    );
    assert!(listed(&app, "Hi").is_some(), "and syncs the given account");
}
