//! The daily review reminder over a private D-Bus session bus, with the
//! test notification server of the end-to-end suite. Run with:
//!
//! ```sh
//! dbus-run-session -- cargo test -p switchboard --test daily_review_dbus
//! ```
//!
//! Without a session bus the test says so and passes without checking
//! anything (see `notifications_dbus.rs`).

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{
    app, conversation, customer_message_then_transfer, event, eventually, message, seed_cache,
};
use switchboard::events::{OPEN_CONVERSATION, OPEN_REVIEW};
use switchboard::notifications::daily::LAST_DAY_KEY;
use switchboard::notifications::{notify_daily_review, DailyRound, Round};
use switchboard_protocol::{Author, Change, ConversationStatus, Role};
use switchboard_store::review::ReviewPeriod;
use switchboard_store::Store;
use switchboard_test_notifications::NotificationServer;
use tauri::Listener;

const HOUR: i64 = 3_600_000;

#[test]
fn the_daily_reminder_summarises_yesterday_once_a_day_and_its_click_opens_the_review() {
    let Ok(bus) = std::env::var("DBUS_SESSION_BUS_ADDRESS") else {
        eprintln!(
            "SKIPPED: no D-Bus session bus. Run: dbus-run-session -- cargo test -p switchboard --test daily_review_dbus"
        );
        return;
    };
    let server = tauri::async_runtime::block_on(NotificationServer::start(&bus))
        .expect("the test notification server claims its name on the private bus");

    let dir = tempfile::tempdir().unwrap();
    let store = seed_cache(dir.path(), &["Ana Lima", "Bruno", "Carla", "Davi"], &[]);
    let now = switchboard::clock::now_ms();
    let yesterday = ReviewPeriod::yesterday(now, "UTC").unwrap();
    let noon = yesterday.from + 12 * HOUR;

    // Yesterday: Ana's question the assistant could not answer, and two
    // transfers (Bruno's, Carla's). Today: one more transfer, which is not
    // yesterday's.
    let mut reply = message(
        500,
        1,
        "I couldn't find information about that.",
        noon + 1,
        12,
    );
    reply.author = Author::Assistant;
    reply.unanswered = Some(true);
    let ana = conversation(1, ConversationStatus::Open, noon + 1, 12);
    let mut events = vec![
        event(
            11,
            noon,
            Change::MessageCreated {
                message: message(499, 1, "Do you deliver to Porto?", noon, 11),
                conversation: conversation(1, ConversationStatus::Open, noon, 11),
            },
        ),
        event(
            12,
            noon + 1,
            Change::MessageCreated {
                message: reply,
                conversation: ana,
            },
        ),
    ];
    events.extend(customer_message_then_transfer(
        13,
        2,
        "a person please",
        "wants a human",
        noon,
    ));
    events.extend(customer_message_then_transfer(
        15,
        3,
        "hello?",
        "angry",
        noon + HOUR,
    ));
    events.extend(customer_message_then_transfer(17, 4, "hi", "asked", now));
    store.apply_events(&events).unwrap();

    let app = app(dir.path(), None);
    let reviews = Arc::new(AtomicUsize::new(0));
    let conversations = Arc::new(AtomicUsize::new(0));
    let (review_sink, conversation_sink) = (reviews.clone(), conversations.clone());
    app.listen(OPEN_REVIEW, move |_| {
        review_sink.fetch_add(1, Ordering::SeqCst);
    });
    app.listen(OPEN_CONVERSATION, move |_| {
        conversation_sink.fetch_add(1, Ordering::SeqCst);
    });
    let round = |store: &Store, paused: bool, role: Option<Role>| -> DailyRound {
        tauri::async_runtime::block_on(notify_daily_review(
            app.handle(),
            store,
            &Round {
                paused,
                role,
                escalate_after_ms: None,
                now,
                minute_of_day: 12 * 60,
            },
            // Due from local midnight on: the test's "now".
            Some(0),
            "UTC",
        ))
        .unwrap()
    };

    // Held back while paused, nobody is signed in, or yesterday's history
    // is not all in the cache (the seeded conversations say nothing of
    // their start): nothing is shown and the day is not spent.
    for (paused, role) in [
        (true, Some(Role::Agent)),
        (false, None),
        (false, Some(Role::Agent)),
    ] {
        assert_eq!(
            round(&store, paused, role),
            DailyRound {
                shown: false,
                next_at: None,
            },
            "held back (paused {paused}, role {role:?}): no timer, the resume, sign-in or tick brings it"
        );
    }
    // A cache the first sync has not filled yet knows nothing of
    // yesterday: an empty day must not spend the reminder.
    let unsynced = Store::open(&dir.path().join("unsynced.sqlite3")).unwrap();
    assert_eq!(
        round(&unsynced, false, Some(Role::Agent)),
        DailyRound {
            shown: false,
            next_at: None,
        },
        "before the first sync the reminder waits"
    );
    assert_eq!(
        unsynced.setting::<String>(LAST_DAY_KEY).unwrap(),
        None,
        "and the day is not done"
    );
    // The history download reaches the start of each conversation.
    for id in 1..=4 {
        store.store_older_messages(id, &[], true).unwrap();
    }
    // (The transfers have notifications of their own, shown by the app's
    // notifier as it starts.)
    let reminders = || {
        server
            .received()
            .into_iter()
            .filter(|n| n.summary.starts_with("Yesterday"))
            .collect::<Vec<_>>()
    };
    assert!(reminders().is_empty(), "no reminder reached the desktop");
    assert_eq!(
        store.setting::<String>(LAST_DAY_KEY).unwrap(),
        None,
        "a held-back reminder is still owed today"
    );

    let shown = round(&store, false, Some(Role::Agent));
    assert!(shown.shown, "allowed again the same day, it is shown");
    let tomorrow = ReviewPeriod::yesterday(now, "UTC").unwrap().to + 24 * HOUR;
    assert_eq!(
        shown.next_at,
        Some(tomorrow),
        "the next one is tomorrow at the set time (00:00 UTC here)"
    );
    let notification =
        tauri::async_runtime::block_on(server.wait_for(Duration::from_secs(10), |n| {
            n.summary.starts_with("Yesterday")
        }))
        .expect("the reminder reached the notification server");
    assert_eq!(notification.app_name, "Switchboard");
    assert_eq!(
        notification.summary, "Yesterday: 1 unanswered question, 2 transfers",
        "yesterday's counts from the cache, singular where one; today's transfer is not counted"
    );
    assert_eq!(notification.body, "Open the Review to go through them.");
    assert!(notification.has_default_action(), "the body is clickable");
    assert_eq!(
        notification.action_label("take"),
        None,
        "there is no conversation to take"
    );

    tauri::async_runtime::block_on(server.click(notification.id))
        .expect("the click signal is emitted");
    let opened = eventually(Duration::from_secs(10), || {
        (reviews.load(Ordering::SeqCst) > 0).then_some(())
    });
    assert!(opened.is_some(), "a click asks the page to open the Review");
    assert_eq!(
        conversations.load(Ordering::SeqCst),
        0,
        "and no conversation"
    );

    assert_eq!(
        round(&store, false, Some(Role::Agent)),
        DailyRound {
            shown: false,
            next_at: Some(tomorrow),
        },
        "once a day"
    );

    // A restart: the store read anew says today's reminder was given.
    drop(app);
    drop(store);
    let store = Store::open(&dir.path().join("cache.sqlite3")).unwrap();
    let again = tauri::async_runtime::block_on(notify_daily_review(
        common::app(&dir.path().join("second"), None).handle(),
        &store,
        &Round {
            paused: false,
            role: Some(Role::Agent),
            escalate_after_ms: None,
            now,
            minute_of_day: 12 * 60,
        },
        Some(0),
        "UTC",
    ))
    .unwrap();
    assert!(!again.shown, "a restart does not repeat today's reminder");
    assert_eq!(reminders().len(), 1, "exactly one reminder today");
}
