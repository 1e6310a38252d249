//! The Take button of a transfer notification, over a private D-Bus session
//! bus with the test notification server of the end-to-end suite, on the
//! real app setup signed in to the real backend. Run with:
//!
//! ```sh
//! dbus-run-session -- cargo test -p switchboard --test notification_take_dbus
//! ```
//!
//! Without a session bus the test says so and passes without checking
//! anything (see `notifications_dbus.rs`).

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{app, backend_with_rui, eventually, invoke};
use serde_json::{json, Value};
use switchboard::events::OPEN_CONVERSATION;
use switchboard::notifications::desktop::TAKE;
use switchboard::session::Launch;
use switchboard_backend::NewContact;
use switchboard_protocol::Role;
use switchboard_test_notifications::NotificationServer;
use tauri::Listener;

fn assignee(app: &tauri::App<tauri::test::MockRuntime>, id: i64) -> Value {
    let opened = invoke(app, "open_conversation", json!({"id": id})).unwrap();
    opened["conversation"]["assignee"].clone()
}

#[test]
fn take_on_a_transfer_notification_takes_it_but_never_from_a_colleague_and_shows_it() {
    let Ok(bus) = std::env::var("DBUS_SESSION_BUS_ADDRESS") else {
        eprintln!(
            "SKIPPED: no D-Bus session bus. Run: dbus-run-session -- cargo test -p switchboard --test notification_take_dbus"
        );
        return;
    };
    let server = tauri::async_runtime::block_on(NotificationServer::start(&bus))
        .expect("the test notification server claims its name on the private bus");
    let dir = tempfile::tempdir().unwrap();
    let (url, token, backend) = backend_with_rui(dir.path(), "Ana", false);
    let control = backend.control();
    let bea_token = control.create_token(Role::Agent, "Bea").unwrap();
    let rui = control.recent_conversations(1).unwrap()[0].id;
    let noah = control
        .start_conversation(NewContact::named("Noah"), "web")
        .unwrap()
        .id;
    let ana = app(
        &dir.path().join("app"),
        Some(Launch {
            backend: Some((url.clone(), token)),
            chatwoot: None,
        }),
    );
    let opened = Arc::new(Mutex::new(Vec::new()));
    let sink = opened.clone();
    ana.listen(OPEN_CONVERSATION, move |event| {
        let request: Value = serde_json::from_str(event.payload()).unwrap();
        sink.lock().unwrap().push(request["id"].as_i64().unwrap());
    });
    eventually(Duration::from_secs(20), || {
        (invoke(&ana, "filter_counts", json!({})).unwrap()["all"] == 2).then_some(())
    })
    .expect("Ana's app has synced both conversations");

    control.transfer(rui, "wants a human").unwrap();
    control.transfer(noah, "price negotiation").unwrap();
    let notified = |name: &'static str| {
        tauri::async_runtime::block_on(server.wait_for(Duration::from_secs(20), move |n| {
            n.summary.starts_with(name)
        }))
        .unwrap_or_else(|error| panic!("{name}'s transfer raises a notification: {error}"))
    };
    let rui_notice = notified("Rui");
    let noah_notice = notified("Noah");
    assert_eq!(
        rui_notice.action_label(TAKE),
        Some("Take"),
        "a transfer notification offers Take beside the click that opens it"
    );
    assert!(rui_notice.has_default_action(), "its body still opens it");

    // Take on Rui's: nobody handles it, so Ana does, and the window shows it.
    tauri::async_runtime::block_on(server.invoke(rui_notice.id, TAKE))
        .expect("the action signal is emitted");
    let taken = eventually(Duration::from_secs(20), || {
        let who = assignee(&ana, rui);
        (who != Value::Null).then_some(who)
    })
    .expect("Take on the notification takes the conversation");
    assert_eq!(taken["name"], "Ana", "for the signed-in user");
    assert_eq!(
        eventually(Duration::from_secs(10), || opened
            .lock()
            .unwrap()
            .first()
            .copied()),
        Some(rui),
        "and brings the window to that conversation"
    );

    // Bea took Noah's meanwhile: Take must not take it from her unasked,
    // but show the conversation, where Ana sees who handles it.
    tauri::async_runtime::block_on(async {
        let bea_store = switchboard_store::Store::open(&dir.path().join("bea-cache.db")).unwrap();
        let (bea, _changes) =
            switchboard_sync::start(bea_store, switchboard_sync::SyncConfig::new(url, bea_token));
        bea.take(noah, false, "bea-take").await.unwrap();
    });
    tauri::async_runtime::block_on(server.invoke(noah_notice.id, TAKE))
        .expect("the action signal is emitted");
    assert_eq!(
        eventually(Duration::from_secs(20), || opened
            .lock()
            .unwrap()
            .get(1)
            .copied()),
        Some(noah),
        "a colleague's conversation is shown, so Ana sees who handles it"
    );
    assert_eq!(
        control
            .conversation(noah)
            .unwrap()
            .unwrap()
            .assignee
            .map(|a| a.name),
        Some("Bea".to_owned()),
        "Bea still handles it: a notification never takes over unasked"
    );
}
