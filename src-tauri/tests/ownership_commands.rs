//! Taking and releasing conversations through the commands the page calls,
//! on the real app setup (mock runtime) and the real backend: a colleague's
//! conversation comes back as its own error kind, naming who; the Mine
//! filter and the waiting count follow the assignee.

mod common;

use std::time::Duration;

use common::{app, backend_with_rui, eventually, invoke};
use serde_json::{json, Value};
use switchboard::session::Launch;
use switchboard_protocol::Role;

fn rows(app: &tauri::App<tauri::test::MockRuntime>, filter: &str) -> Vec<Value> {
    let page = invoke(
        app,
        "list_conversations",
        json!({"query": {"filter": filter, "selected": null, "after": null, "limit": 50}}),
    )
    .unwrap();
    page["rows"].as_array().unwrap().clone()
}

#[test]
fn a_colleagues_conversation_is_asked_about_then_taken_over_and_is_mine() {
    let dir = tempfile::tempdir().unwrap();
    let (url, token, server) = backend_with_rui(dir.path(), "Ana", true);
    let bea_token = server.control().create_token(Role::Agent, "Bea").unwrap();
    let ana = app(
        &dir.path().join("app"),
        Some(Launch {
            backend: Some((url.clone(), token)),
            chatwoot: None,
        }),
    );
    let id = eventually(Duration::from_secs(20), || {
        rows(&ana, "transferred")
            .first()
            .map(|row| row["id"].clone())
    })
    .expect("the transfer reaches the cache");
    assert_eq!(invoke(&ana, "waiting", json!({})).unwrap()["count"], 1);

    // Bea takes it from her own app (here: her own sync engine).
    let bea_dir = tempfile::tempdir().unwrap();
    let bea_store = switchboard_store::Store::open(&bea_dir.path().join("cache.db")).unwrap();
    tauri::async_runtime::block_on(async {
        let (bea, _changes) =
            switchboard_sync::start(bea_store, switchboard_sync::SyncConfig::new(url, bea_token));
        bea.take(id.as_i64().unwrap(), false, "bea-take")
            .await
            .unwrap();
    });
    let shown = eventually(Duration::from_secs(20), || {
        let row = rows(&ana, "transferred").first()?.clone();
        (row["assignee"]["name"] == "Bea").then_some(row)
    })
    .expect("Ana's list shows Bea handling it");
    assert_eq!(shown["assignee_is_me"], false, "it is not Ana's");
    assert_eq!(
        invoke(&ana, "waiting", json!({})).unwrap()["count"],
        0,
        "a customer a colleague took is not waiting for Ana"
    );

    let refused = invoke(
        &ana,
        "take_conversation",
        json!({"conversationId": id, "takeOver": false}),
    )
    .unwrap_err();
    assert_eq!(
        refused["code"], "handled_by_someone_else",
        "the page can ask 'Bea is handling this — take over?'"
    );
    assert!(
        refused["message"].as_str().unwrap().contains("Bea"),
        "and say who: {refused}"
    );
    assert_eq!(
        refused["holder"], "Bea",
        "who, as a field of its own, for the page to say in the user's language: {refused}"
    );

    let taken = invoke(
        &ana,
        "take_conversation",
        json!({"conversationId": id, "takeOver": true}),
    )
    .unwrap();
    assert_eq!(
        taken["assignee"]["name"], "Ana",
        "the answer is the new state"
    );
    let mine = eventually(Duration::from_secs(20), || {
        let counts = invoke(&ana, "filter_counts", json!({})).unwrap();
        (counts["mine"] == 1).then(|| rows(&ana, "mine"))
    })
    .expect("the take-over reaches Ana's cache: Mine counts it");
    assert_eq!(mine.len(), 1, "and lists it");
    assert_eq!(mine[0]["assignee_is_me"], true);

    let released = invoke(&ana, "release_conversation", json!({"conversationId": id})).unwrap();
    assert_eq!(released["assignee"], Value::Null, "nobody handles it now");

    tauri::async_runtime::block_on(server.shutdown());
    let offline = invoke(
        &ana,
        "take_conversation",
        json!({"conversationId": id, "takeOver": false}),
    )
    .unwrap_err();
    assert_eq!(offline["code"], "unreachable");
    assert!(
        offline["message"]
            .as_str()
            .unwrap()
            .contains("cannot take the conversation while the server cannot be reached"),
        "offline, the page says why nothing happened: {offline}"
    );
}
