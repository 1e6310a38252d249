//! The test notification server speaks the dialect of notify-rust, the
//! client the app uses: it records a `Notify` exactly as sent, and a click
//! reaches the sender as the `default` action.
//!
//! Alone in its own test binary: it points this process's session bus at a
//! private `dbus-daemon`, which must not race with other tests' threads.

use std::time::Duration;

use notify_rust::{Notification as Toast, NotificationResponse};
use switchboard_e2e::bus::PrivateBus;
use switchboard_test_notifications::NotificationServer;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notification_server_records_notify_rust_calls_and_clicks_reach_the_sender() {
    let bus = PrivateBus::start().expect("dbus-daemon starts (installed by ./dev install)");
    // Only test of this binary, set before any other thread reads the environment.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", bus.address());
    let server = NotificationServer::start(bus.address())
        .await
        .expect("the server claims the name");

    let handle = Toast::new()
        .appname("Switchboard")
        .summary("Ana Souza: transferred")
        .body("price negotiation &amp; &lt;b&gt;")
        .action("default", "Open")
        .hint(notify_rust::Hint::Category("im.received".into()))
        .show_async()
        .await
        .expect("notify-rust reaches the test server over the private bus");
    let sent_id = handle.id();

    let received = server
        .wait_for(Duration::from_secs(5), |n| {
            n.summary.starts_with("Ana Souza")
        })
        .await
        .expect("the Notify call is recorded");
    assert_eq!(
        received.id, sent_id,
        "the id the server answered is what the sender holds"
    );
    assert_eq!(
        received.app_name, "Switchboard",
        "the app name is recorded as sent"
    );
    assert_eq!(
        received.body, "price negotiation &amp; &lt;b&gt;",
        "the body is recorded verbatim, escapes included, so tests can check escaping"
    );
    assert!(
        received.has_default_action(),
        "a click on the body is offered: {:?}",
        received.actions
    );
    assert_eq!(
        received.hints.get("category").map(String::as_str),
        Some("im.received"),
        "hints are recorded in readable form: {:?}",
        received.hints
    );

    // The sender listens for the click only once Notify has returned; a
    // real user clicks later than that too.
    let (clicked_tx, clicked_rx) = tokio::sync::oneshot::channel();
    let waiter = tokio::spawn(async move {
        handle
            .wait_for_action_async(|action| {
                let _ = clicked_tx.send(action.clone());
            })
            .await;
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    server
        .click(sent_id)
        .await
        .expect("the click signal is emitted");
    let action = tokio::time::timeout(Duration::from_secs(5), clicked_rx)
        .await
        .expect("the sender hears the click within 5 s")
        .expect("the sender reports an action");
    assert!(
        matches!(action, NotificationResponse::Default),
        "a click on the body is the `default` action, not a close: {action:?}"
    );
    waiter.await.unwrap();
}
