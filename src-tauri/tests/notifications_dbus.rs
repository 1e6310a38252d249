//! Transfer notifications over a private D-Bus session bus, with a test
//! notification server that records every `Notify` call and clicks the
//! notification body. Run with:
//!
//! ```sh
//! dbus-run-session -- cargo test -p switchboard --test notifications_dbus
//! ```
//!
//! Without a session bus the test says so and passes without checking
//! anything (it needs a bus of its own: a developer's desktop already has a
//! notification daemon that owns the name).

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{app, customer_message_then_transfer, eventually, seed_cache};
use switchboard::events::OPEN_CONVERSATION;
use switchboard::notifications::notify_due;
use switchboard::shell::Shell;
use tauri::{Listener, Manager};
use zbus::object_server::SignalEmitter;
use zbus::zvariant::OwnedValue;

/// One recorded `Notify` call.
#[derive(Debug, Clone)]
struct Notified {
    app_name: String,
    summary: String,
    body: String,
    actions: Vec<String>,
    hints: Vec<String>,
}

/// Speaks enough of `org.freedesktop.Notifications` for notify-rust, and
/// clicks (`ActionInvoked(id, "default")`) every notification a moment
/// after answering: the client subscribes only once `Notify` returned.
struct TestServer {
    calls: Arc<Mutex<Vec<Notified>>>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl TestServer {
    #[allow(clippy::too_many_arguments)]
    async fn notify(
        &self,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut calls = self.calls.lock().unwrap();
        let id = calls.len() as u32 + 1;
        let mut hints: Vec<String> = hints.into_keys().collect();
        hints.sort();
        let clickable = actions.iter().any(|a| a == "default");
        calls.push(Notified {
            app_name,
            summary,
            body,
            actions,
            hints,
        });
        if clickable {
            let emitter = emitter.to_owned();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(300)).await;
                let _ = TestServer::action_invoked(&emitter, id, "default").await;
            });
        }
        id
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into(), "body-markup".into(), "actions".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "test-server".into(),
            "switchboard".into(),
            "1".into(),
            "1.2".into(),
        )
    }

    fn close_notification(&self, _id: u32) {}

    #[zbus(signal)]
    async fn action_invoked(
        emitter: &SignalEmitter<'_>,
        id: u32,
        action_key: &str,
    ) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn notification_closed(
        emitter: &SignalEmitter<'_>,
        id: u32,
        reason: u32,
    ) -> zbus::Result<()>;
}

#[test]
fn transfers_raise_one_notification_each_a_summary_for_many_and_a_click_opens_the_conversation() {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        eprintln!(
            "SKIPPED: no D-Bus session bus. Run: dbus-run-session -- cargo test -p switchboard --test notifications_dbus"
        );
        return;
    }
    let calls = Arc::new(Mutex::new(Vec::new()));
    let _server = tauri::async_runtime::block_on(async {
        zbus::connection::Builder::session()?
            .name("org.freedesktop.Notifications")?
            .serve_at(
                "/org/freedesktop/Notifications",
                TestServer {
                    calls: calls.clone(),
                },
            )?
            .build()
            .await
    })
    .expect("the test notification server claims its name on the private bus");
    let recorded = || calls.lock().unwrap().clone();

    let dir = tempfile::tempdir().unwrap();
    let names = ["Ana Lima", "Bruno", "Carla", "Davi", "Eva", "Fabio", "Gil"];
    let store = seed_cache(dir.path(), &names, &[]);
    let app = app(dir.path(), None);
    let opened = Arc::new(Mutex::new(Vec::new()));
    let sink = opened.clone();
    app.listen(OPEN_CONVERSATION, move |event| {
        let request: serde_json::Value = serde_json::from_str(event.payload()).unwrap();
        sink.lock().unwrap().push(request["id"].as_i64().unwrap());
    });
    let wake = || app.state::<Shell>().notifier.wake();
    let now = switchboard::clock::now_ms();

    // One live transfer, with markup in the customer's text.
    store
        .apply_events(&customer_message_then_transfer(
            11,
            1,
            "<b>Refund</b> me & <a href=\"x\">now</a>",
            "asked for a <human>",
            now,
        ))
        .unwrap();
    wake();
    let first = eventually(Duration::from_secs(10), || recorded().into_iter().next())
        .expect("a transfer raises a notification");
    assert_eq!(first.app_name, "Switchboard");
    assert_eq!(
        first.summary, "Ana Lima — conversation transferred",
        "the title names the contact"
    );
    assert_eq!(
        first.body,
        "Reason: asked for a &lt;human&gt;\n“&lt;b&gt;Refund&lt;/b&gt; me &amp; &lt;a href=\"x\"&gt;now&lt;/a&gt;”",
        "reason and last customer message, with markup escaped"
    );
    assert!(
        first.actions.contains(&"default".to_owned()),
        "the body is clickable"
    );
    assert!(
        first.hints.contains(&"sound-name".to_owned()),
        "sound is on by default"
    );

    // The server clicked it: the app asks the page to open conversation 1.
    let clicked = eventually(Duration::from_secs(10), || {
        opened.lock().unwrap().first().copied()
    });
    assert_eq!(
        clicked,
        Some(1),
        "a click opens the transferred conversation"
    );

    // Waking again shows nothing new: the ledger says it was notified.
    wake();
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(recorded().len(), 1, "exactly one notification per transfer");

    // Five transfers at once become one summary.
    let burst: Vec<_> = (2..=6)
        .flat_map(|id| {
            customer_message_then_transfer(13 + (id - 2) * 2, id, "hello?", "asked", now)
        })
        .collect();
    store.apply_events(&burst).unwrap();
    wake();
    let summary = eventually(Duration::from_secs(10), || recorded().get(1).cloned())
        .expect("a burst raises a summary");
    assert_eq!(
        summary.summary, "5 customers waiting",
        "many transfers at once collapse into one summary"
    );
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(recorded().len(), 2, "the summary accounts for all five");

    // A transfer learned of ten minutes late is notified, and its first
    // reminder counts from that notification, not from the transfer.
    store
        .apply_events(&customer_message_then_transfer(
            23,
            7,
            "anyone?",
            "asked",
            now - 10 * 60_000,
        ))
        .unwrap();
    wake();
    let late = eventually(Duration::from_secs(10), || recorded().get(2).cloned())
        .expect("a late transfer is notified");
    assert_eq!(late.summary, "Gil — conversation transferred");
    let minute_later = tauri::async_runtime::block_on(notify_due(
        app.handle(),
        &store,
        false,
        now + 60_000,
        12 * 60,
    ))
    .unwrap();
    assert_eq!(
        minute_later, 0,
        "no reminder right after the notification, however old the transfer"
    );

    // Six minutes on, nobody answered: one reminder for all seven (more than
    // three at once), and none again within the interval.
    let later = now + 6 * 60_000;
    let shown =
        tauri::async_runtime::block_on(notify_due(app.handle(), &store, false, later, 12 * 60))
            .unwrap();
    assert_eq!(
        shown, 1,
        "the reminders of seven waiting customers come as one notification"
    );
    assert_eq!(recorded()[3].summary, "7 customers still waiting");
    let again = tauri::async_runtime::block_on(notify_due(
        app.handle(),
        &store,
        false,
        later + 60_000,
        12 * 60,
    ))
    .unwrap();
    assert_eq!(again, 0, "at most one reminder per interval");
}
