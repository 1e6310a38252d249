//! Transfer notifications over a private D-Bus session bus, with the test
//! notification server of the end-to-end suite, which records every
//! `Notify` call and clicks a notification's body as a user would. Run with:
//!
//! ```sh
//! dbus-run-session -- cargo test -p switchboard --test notifications_dbus
//! ```
//!
//! Without a session bus the test says so and passes without checking
//! anything (it needs a bus of its own: a developer's desktop already has a
//! notification daemon that owns the name).

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{app, customer_message_then_transfer, eventually, seed_cache};
use switchboard::events::OPEN_CONVERSATION;
use switchboard::notifications::{notify_due, Round};
use switchboard::shell::Shell;
use switchboard_protocol::Role;
use switchboard_test_notifications::NotificationServer;
use tauri::{Listener, Manager};

#[test]
fn transfers_raise_one_notification_each_a_summary_for_many_and_a_click_opens_the_conversation() {
    let Ok(bus) = std::env::var("DBUS_SESSION_BUS_ADDRESS") else {
        eprintln!(
            "SKIPPED: no D-Bus session bus. Run: dbus-run-session -- cargo test -p switchboard --test notifications_dbus"
        );
        return;
    };
    let server = tauri::async_runtime::block_on(NotificationServer::start(&bus))
        .expect("the test notification server claims its name on the private bus");
    let recorded = || server.received();

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
    let first = tauri::async_runtime::block_on(server.wait_for(Duration::from_secs(10), |_| true))
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
    assert!(first.has_default_action(), "the body is clickable");
    assert!(
        first.hints.contains_key("sound-name"),
        "sound is on by default"
    );

    // The user clicks it the instant it appears (the app subscribed to
    // clicks before showing it): the app asks the page to open
    // conversation 1.
    tauri::async_runtime::block_on(server.click(first.id)).expect("the click signal is emitted");
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
    let round = |now: i64, role: Option<Role>| {
        tauri::async_runtime::block_on(notify_due(
            app.handle(),
            &store,
            &Round {
                paused: false,
                role,
                escalate_after_ms: None,
                now,
                minute_of_day: 12 * 60,
            },
        ))
        .unwrap()
    };
    let minute_later = round(now + 60_000, Some(Role::Agent));
    assert_eq!(
        minute_later, 0,
        "no reminder right after the notification, however old the transfer"
    );

    // Six minutes on, nobody answered: one reminder for all seven (more than
    // three at once), and none again within the interval.
    let later = now + 6 * 60_000;
    let shown = round(later, Some(Role::Agent));
    assert_eq!(
        shown, 1,
        "the reminders of seven waiting customers come as one notification"
    );
    assert_eq!(recorded()[3].summary, "7 customers still waiting");
    let again = round(later + 60_000, Some(Role::Agent));
    assert_eq!(
        again, 0,
        "at most one reminder per interval, and agents get no escalation"
    );

    // A manager is alerted once that nobody took the transfers: one
    // notification for all seven, then never again.
    let escalated = round(later + 60_000, Some(Role::Manager));
    assert_eq!(escalated, 1, "seven unclaimed transfers, one escalation");
    assert_eq!(recorded()[4].summary, "Nobody took 7 transfers");
    assert_eq!(
        round(later + 2 * 60_000, Some(Role::Manager)),
        0,
        "each transfer is escalated once"
    );
}
