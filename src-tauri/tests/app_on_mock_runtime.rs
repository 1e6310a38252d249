//! The real setup (config, ACL from build.rs and the capability, commands,
//! plugins) on Tauri's mock runtime, called the way the page calls it.

mod common;

use std::time::Duration;

use common::{
    app, app_with, backend_with_rui, eventually, invoke, invoke_from, seed_cache, test_options,
};
use serde_json::{json, Value};
use switchboard::session::Launch;
use tauri::Listener;

#[test]
fn the_page_may_call_the_granted_commands_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), None);
    let counts = invoke(&app, "filter_counts", json!({}));
    assert_eq!(
        counts,
        Ok(json!({"all": 0, "open": 0, "closed": 0, "transferred": 0, "mine": 0})),
        "a granted command runs and answers from the (empty) cache"
    );
    let refused = invoke(
        &app,
        "plugin:window-state|save_window_state",
        json!({"flags": 63}),
    );
    let message =
        refused.expect_err("the window-state plugin's commands are not granted to the page");
    assert!(
        message.to_string().contains("not allowed"),
        "the ACL, not the command, must refuse it: {message}"
    );
    let unknown = invoke(&app, "plugin:fs|read_file", json!({"path": "/etc/passwd"}));
    assert!(
        unknown.is_err(),
        "a plugin the app does not use must be unreachable"
    );
    let remote = invoke_from(&app, "https://evil.example", "filter_counts", json!({}));
    assert!(
        remote.is_err(),
        "the capability is for the bundled page only: a remote page gets nothing"
    );
}

#[test]
fn a_damaged_cache_is_set_aside_and_the_app_starts_on_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = b"a disk error wrote this over the cache's first pages....".repeat(40);
    std::fs::write(dir.path().join("cache.sqlite3"), &damaged).unwrap();

    let app = app(dir.path(), None);

    assert_eq!(
        invoke(&app, "filter_counts", json!({})),
        Ok(json!({"all": 0, "open": 0, "closed": 0, "transferred": 0, "mine": 0})),
        "the app runs, on a new and empty cache"
    );
    let aside = invoke(&app, "cache_set_aside", json!({})).unwrap();
    let aside = std::path::PathBuf::from(aside.as_str().expect("the page is told where"));
    assert_eq!(aside.parent(), Some(dir.path()));
    let name = aside.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("cache.sqlite3.damaged-"), "{name}");
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        damaged,
        "nothing of it lost"
    );

    let healthy = tempfile::tempdir().unwrap();
    let app = common::app(healthy.path(), None);
    assert_eq!(
        invoke(&app, "cache_set_aside", json!({})),
        Ok(Value::Null),
        "a launch on a readable cache has nothing to say"
    );
}

#[test]
fn a_cache_that_opens_but_fails_a_read_is_set_aside_at_the_next_launch() {
    let dir = tempfile::tempdir().unwrap();
    drop(seed_cache(dir.path(), &["Ana Lima", "Bruno Costa"], &[]));
    // A disk fault in the conversations' table: the file still opens.
    let cache = dir.path().join("cache.sqlite3");
    let root: i64 = rusqlite::Connection::open(&cache)
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'conversations'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    let mut bytes = std::fs::read(&cache).unwrap();
    let at = (root as usize - 1) * 4096;
    bytes[at..at + 4096].fill(0xA5);
    std::fs::write(&cache, &bytes).unwrap();

    let app = app(dir.path(), None);
    // Told as soon as anything meets the damage (the store's listener, which
    // background tasks' calls reach too), not only in a command's error.
    let told = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = told.clone();
    app.listen(switchboard::events::CACHE_DAMAGED, move |_| {
        flag.store(true, std::sync::atomic::Ordering::SeqCst)
    });
    assert_eq!(invoke(&app, "cache_set_aside", json!({})), Ok(Value::Null));
    let error = invoke(
        &app,
        "list_conversations",
        json!({"query": {"filter": "all", "selected": null, "after": null, "limit": 50}}),
    )
    .unwrap_err();
    assert_eq!(
        error["code"], "cache_damaged",
        "a code the page offers a restart for: {error}"
    );
    assert!(
        dir.path().join("cache.sqlite3.damage-seen").exists(),
        "noted for the next launch"
    );
    assert!(
        eventually(Duration::from_secs(5), || told
            .load(std::sync::atomic::Ordering::SeqCst)
            .then_some(()))
        .is_some(),
        "the page is told by an event too"
    );
    drop(app);

    let app = common::app(dir.path(), None);
    let aside = invoke(&app, "cache_set_aside", json!({})).unwrap();
    let aside =
        std::path::PathBuf::from(aside.as_str().expect("set aside, and the page told where"));
    assert_eq!(std::fs::read(&aside).unwrap(), bytes, "kept as it was");
    assert_eq!(
        invoke(&app, "filter_counts", json!({})),
        Ok(json!({"all": 0, "open": 0, "closed": 0, "transferred": 0, "mine": 0})),
        "the app runs on a new cache, which the sync fills"
    );
}

#[test]
fn cached_conversations_are_served_without_any_backend() {
    let dir = tempfile::tempdir().unwrap();
    drop(seed_cache(
        dir.path(),
        &["Ana Lima", "Bruno Costa", "Carla Dias"],
        &[2],
    ));
    let app = app(dir.path(), None);

    let page = invoke(
        &app,
        "list_conversations",
        json!({"query": {"filter": "all", "selected": null, "after": null, "limit": 50}}),
    )
    .unwrap();
    let names: Vec<&str> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["contact_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Carla Dias", "Bruno Costa", "Ana Lima"],
        "the cache is listed newest activity first, offline"
    );

    let opened = invoke(&app, "open_conversation", json!({"id": 2})).unwrap();
    assert_eq!(opened["conversation"]["status"], "transferred");
    assert_eq!(opened["contact"]["name"], "Bruno Costa");
    assert_eq!(
        opened["messages"]["messages"][0]["text"], "hello from 2",
        "opening a conversation brings its newest messages"
    );
    assert_eq!(
        invoke(&app, "waiting", json!({})).unwrap(),
        json!({"count": 1}),
        "one transferred conversation means one customer waiting"
    );
    assert_eq!(
        invoke(&app, "open_conversation", json!({"id": 99})).unwrap_err()["code"],
        "not_found",
        "an unknown id is a coded error the page can branch on"
    );
    assert_eq!(
        invoke(&app, "contact_detail", json!({"contactId": 1})).unwrap()["contact"]["name"],
        "Ana Lima"
    );
    let hits = invoke(
        &app,
        "search_conversations",
        json!({"query": "Carla", "limit": 10}),
    )
    .unwrap();
    assert_eq!(
        hits[0]["row"]["id"], 3,
        "search by name finds the conversation in the cache"
    );
}

#[test]
fn bad_requests_get_coded_errors_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    drop(seed_cache(dir.path(), &["Ana Lima"], &[]));
    let app = app(dir.path(), None);
    let code =
        |result: Result<Value, Value>| result.unwrap_err()["code"].as_str().unwrap().to_owned();

    assert_eq!(
        code(invoke(
            &app,
            "send_reply",
            json!({"conversationId": 1, "text": "   "})
        )),
        "invalid_input",
        "an empty reply is refused"
    );
    assert_eq!(
        code(invoke(
            &app,
            "send_reply",
            json!({"conversationId": 1, "text": "hi"})
        )),
        "not_signed_in",
        "a write needs a session to be sent with"
    );
    assert_eq!(
        code(invoke(
            &app,
            "open_external",
            json!({"url": "javascript:alert(1)"})
        )),
        "invalid_input"
    );
    assert_eq!(
        code(invoke(
            &app,
            "open_external",
            json!({"url": "http://example.com"})
        )),
        "invalid_input",
        "plain http is refused"
    );
    assert_eq!(
        code(invoke(
            &app,
            "set_notification_settings",
            json!({"settings": {"enabled": true, "sound": false, "quiet_hours": {"start_minute": 2000, "end_minute": 0}, "reminder_minutes": 5}})
        )),
        "invalid_input"
    );
    assert_eq!(
        invoke(&app, "notification_settings", json!({})).unwrap()["reminder_minutes"],
        5,
        "refused settings leave the stored ones (the defaults) untouched"
    );
    assert_eq!(
        code(invoke(
            &app,
            "sign_in",
            json!({"baseUrl": "not a url", "token": "x"})
        )),
        "invalid_input"
    );
    assert_eq!(
        invoke(&app, "sync_status", json!({})).unwrap(),
        json!({"kind": "signed_out"}),
        "without a session there is no sync"
    );
}

#[test]
fn notification_settings_round_trip_through_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), None);
    let settings = json!({
        "enabled": true,
        "transfers": true,
        "escalations": false,
        "escalation_minutes": 15,
        "sound": false,
        "quiet_hours": {"start_minute": 1320, "end_minute": 420},
        "reminder_minutes": 10,
        "daily_review": false,
        "daily_review_minute": 480
    });
    assert_eq!(
        invoke(
            &app,
            "set_notification_settings",
            json!({"settings": settings})
        )
        .unwrap(),
        settings
    );
    assert_eq!(
        invoke(&app, "notification_settings", json!({})).unwrap(),
        settings,
        "saved settings are read back"
    );
}

#[test]
fn the_page_is_told_the_language_chosen_in_the_settings_from_then_on() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), None);
    let mut settings = invoke(&app, "app_settings", json!({})).unwrap();
    assert_eq!(
        settings["language"], "system",
        "the desktop's language by default"
    );
    for (chosen, tag) in [("pt_br", "pt-BR"), ("es", "es"), ("en", "en")] {
        settings["language"] = json!(chosen);
        invoke(&app, "set_app_settings", json!({ "settings": settings })).unwrap();
        assert_eq!(
            invoke(&app, "language", json!({})).unwrap(),
            json!(tag),
            "the page speaks what notifications and the tray now speak"
        );
    }
}

#[test]
fn a_pause_is_read_back_and_told_to_the_page() {
    use tauri::Listener;
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), None);
    let (told, heard) = std::sync::mpsc::channel();
    app.listen("switchboard://notifications-paused", move |event| {
        let _ = told.send(event.payload().to_owned());
    });
    assert_eq!(
        invoke(&app, "notifications_paused", json!({})).unwrap(),
        json!({"paused": false}),
        "a launch starts unpaused"
    );
    for paused in [true, false] {
        assert_eq!(
            invoke(&app, "set_notifications_paused", json!({"paused": paused})).unwrap(),
            json!({"paused": paused})
        );
        assert_eq!(
            invoke(&app, "notifications_paused", json!({})).unwrap(),
            json!({"paused": paused}),
            "the notifier holds the pause"
        );
        let payload = heard
            .recv_timeout(Duration::from_secs(5))
            .expect("every change is told to the page (and the tray)");
        assert_eq!(
            serde_json::from_str::<Value>(&payload).unwrap(),
            json!({"paused": paused})
        );
    }
}

#[test]
fn sign_in_checks_the_token_and_never_writes_it_to_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), None);
    let (url, token, server) = backend_with_rui(dir.path(), "Ana", true);

    let refused = invoke(&app, "sign_in", json!({"baseUrl": url, "token": "wrong"})).unwrap_err();
    assert_eq!(
        refused["code"], "unauthorized",
        "a token the backend refuses is reported as such"
    );
    assert_eq!(
        invoke(&app, "session", json!({})).unwrap(),
        json!({"type": "signed_out"}),
        "a refused sign-in keeps the previous state"
    );

    let session = invoke(&app, "sign_in", json!({"baseUrl": url, "token": token})).unwrap();
    assert_eq!(session["type"], "signed_in");
    assert_eq!(session["me"]["name"], "Ana", "the page shows who signed in");
    assert_eq!(session["me"]["role"], "agent");
    assert_eq!(session["demo"], false);
    let live = eventually(Duration::from_secs(20), || {
        (invoke(&app, "sync_status", json!({})).unwrap()["kind"] == "live").then_some(())
    });
    assert!(live.is_some(), "a signed-in session syncs");

    let conversation = invoke(
        &app,
        "list_conversations",
        json!({"query": {"filter": "transferred", "selected": null, "after": null, "limit": 5}}),
    )
    .unwrap()["rows"][0]["id"]
        .clone();
    let item = invoke(
        &app,
        "send_reply",
        json!({"conversationId": conversation, "text": "Hi Rui, I am here"}),
    )
    .unwrap();
    assert_eq!(
        item["state"], "pending",
        "a reply is stored in the outbox before it is sent"
    );
    let delivered = eventually(Duration::from_secs(20), || {
        let opened = invoke(&app, "open_conversation", json!({"id": conversation})).unwrap();
        opened["messages"]["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["author"] == "agent" && m["text"] == "Hi Rui, I am here")
            .then_some(())
    });
    assert!(
        delivered.is_some(),
        "the reply reaches the backend and comes back through sync"
    );

    for file in ["cache.sqlite3", "cache.sqlite3-wal"] {
        let bytes = std::fs::read(dir.path().join(file)).unwrap_or_default();
        assert!(
            !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
            "the token must never be written to SQLite ({file})"
        );
    }

    let signed_out = invoke(&app, "sign_out", json!({})).unwrap();
    assert_eq!(signed_out, json!({"type": "signed_out"}));
    assert_eq!(
        invoke(&app, "sync_status", json!({})).unwrap(),
        json!({"kind": "signed_out"}),
        "sign-out stops sync"
    );
    assert!(
        !dir.path().join("config/backend-token").exists(),
        "sign-out forgets the token"
    );
    tauri::async_runtime::block_on(server.shutdown());
}

#[test]
fn signing_out_discards_the_writes_the_backend_never_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), None);
    let (url, token, server) = backend_with_rui(dir.path(), "Ana", true);
    invoke(&app, "sign_in", json!({"baseUrl": url, "token": token})).unwrap();
    let conversation = first_conversation(&app);
    assert_eq!(
        invoke(&app, "unsent_writes", json!({})).unwrap(),
        json!({"count": 0})
    );

    // A reply the backend refuses (the conversation is closed) fails, and
    // holds back the one after it.
    invoke(
        &app,
        "close_conversation",
        json!({"conversationId": conversation}),
    )
    .unwrap();
    let closed = eventually(Duration::from_secs(20), || {
        (invoke(&app, "unsent_writes", json!({})).unwrap()["count"] == 0).then_some(())
    });
    assert!(closed.is_some(), "the close is confirmed");
    for text in ["Are you still there?", "Hello?"] {
        invoke(
            &app,
            "send_reply",
            json!({"conversationId": conversation, "text": text}),
        )
        .unwrap();
    }
    let failed = eventually(Duration::from_secs(20), || {
        let opened = invoke(&app, "open_conversation", json!({"id": conversation})).unwrap();
        (opened["outbox"][0]["state"] == "failed").then_some(())
    });
    assert!(
        failed.is_some(),
        "the backend refuses a reply to a closed conversation"
    );
    assert_eq!(
        invoke(&app, "unsent_writes", json!({})).unwrap(),
        json!({"count": 2}),
        "the failed reply and the one queued behind it: the page can warn before signing out"
    );

    invoke(&app, "sign_out", json!({})).unwrap();
    assert_eq!(
        invoke(&app, "unsent_writes", json!({})).unwrap(),
        json!({"count": 0}),
        "signing out discards both: neither may be sent, or retried, under the next account"
    );
    tauri::async_runtime::block_on(server.shutdown());
}

#[test]
fn a_first_launch_runs_demo_mode_with_live_conversations() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(dir.path(), Some(Launch::default()));
    let session = eventually(Duration::from_secs(30), || {
        let session = invoke(&app, "session", json!({})).unwrap();
        (session["type"] == "signed_in").then_some(session)
    })
    .expect("a first launch signs in to the demo backend by itself");
    assert_eq!(
        session["demo"], true,
        "with no backend configured, the session is the demo"
    );
    let query = json!({"query": {"filter": "all", "selected": null, "after": null, "limit": 20}});
    let rows = eventually(Duration::from_secs(30), || {
        let page = invoke(&app, "list_conversations", query.clone()).unwrap();
        let rows = page["rows"].as_array().unwrap().len();
        (rows > 0).then_some(rows)
    });
    assert!(
        rows.is_some(),
        "the demo's conversations reach the cache and the list"
    );

    let signed_out = invoke(&app, "sign_out", json!({})).unwrap();
    assert_eq!(
        signed_out["type"], "signed_out",
        "the sign-in screen can leave demo mode"
    );
    let page = invoke(&app, "list_conversations", query).unwrap();
    assert_eq!(page["rows"], json!([]), "sign-out empties the cache");
}

#[test]
fn a_launch_with_a_given_backend_shows_the_cache_at_once_the_next_time() {
    let dir = tempfile::tempdir().unwrap();
    let (url, token, server) = backend_with_rui(dir.path(), "Ana", false);
    let launch = Launch {
        backend: Some((url.clone(), token.clone())),
        chatwoot: None,
    };
    let app_dir = dir.path().join("app");
    let first = app(&app_dir, Some(launch.clone()));
    let session = invoke(&first, "session", json!({})).unwrap();
    assert_eq!(
        session["me"]["name"], "Ana",
        "the first launch asks who this is"
    );
    let synced = eventually(Duration::from_secs(20), || {
        (invoke(&first, "filter_counts", json!({})).unwrap()["all"] == 1).then_some(())
    });
    assert!(synced.is_some(), "the first launch fills the cache");
    drop(first);

    // The backend is gone: the next launch must not wait for it.
    tauri::async_runtime::block_on(server.shutdown());
    let second = app(&app_dir, Some(launch));
    let session = invoke(&second, "session", json!({})).unwrap();
    assert_eq!(
        session,
        json!({"type": "signed_in", "me": session["me"].clone(), "base_url": url, "chatwoot_account": null, "demo": false}),
        "the session is resumed without the backend"
    );
    assert_eq!(session["me"]["name"], "Ana", "with who it was last time");
    let page = invoke(
        &second,
        "list_conversations",
        json!({"query": {"filter": "all", "selected": null, "after": null, "limit": 50}}),
    )
    .unwrap();
    assert_eq!(
        page["rows"][0]["contact_name"], "Rui",
        "and the cached conversations are listed"
    );
}

/// The first conversation of the list, once sync has filled the cache.
#[test]
fn a_sign_in_given_at_launch_that_fails_is_said_on_the_sign_in_screen() {
    let dir = tempfile::tempdir().unwrap();
    let (url, _token, server) = backend_with_rui(dir.path(), "Ana", false);
    let wrong = Launch {
        backend: Some((url.clone(), "sb_not_a_token".into())),
        chatwoot: None,
    };
    let app_dir = dir.path().join("app");
    let refused = app(&app_dir, Some(wrong));
    let session = invoke(&refused, "session", json!({})).unwrap();
    assert_eq!(session["type"], "signed_out", "{session}");
    let reason = &session["reason"];
    assert_eq!(reason["kind"], "launch_sign_in_failed", "{session}");
    assert_eq!(
        reason["given"],
        json!({"server": "switchboard", "base_url": url}),
        "the form is filled in as the launch gave it"
    );
    assert_eq!(reason["error"]["code"], "unauthorized", "{session}");
    assert!(
        !session.to_string().contains("sb_not_a_token"),
        "the token never reaches the page: {session}"
    );
    drop(refused);

    // Nothing listens there: the same screen, saying the server is away.
    tauri::async_runtime::block_on(server.shutdown());
    let away = Launch {
        backend: Some((url, "sb_whatever".into())),
        chatwoot: None,
    };
    let unreachable = app(&app_dir, Some(away));
    let session = invoke(&unreachable, "session", json!({})).unwrap();
    assert_eq!(session["reason"]["kind"], "launch_sign_in_failed");
    assert_eq!(
        session["reason"]["error"]["code"], "unreachable",
        "{session}"
    );

    // A launch without a sign-in given gives no such reason.
    drop(unreachable);
    let plain = app(&dir.path().join("plain"), None);
    let session = invoke(&plain, "session", json!({})).unwrap();
    assert!(session.get("reason").is_none(), "{session}");
}

fn first_conversation(app: &tauri::App<tauri::test::MockRuntime>) -> Value {
    eventually(Duration::from_secs(20), || {
        let page = invoke(
            app,
            "list_conversations",
            json!({"query": {"filter": "all", "selected": null, "after": null, "limit": 5}}),
        )
        .unwrap();
        page["rows"].get(0).map(|row| row["id"].clone())
    })
    .expect("the cache fills")
}

/// The user id of the token named `name` in the backend database of `dir`.
fn user_id(dir: &std::path::Path, name: &str) -> i64 {
    switchboard_backend::list_tokens(&dir.join("backend.sqlite3"))
        .unwrap()
        .into_iter()
        .find(|t| t.name == name)
        .expect("the token exists")
        .id
}

#[test]
fn a_refused_token_signs_out_and_another_user_never_sends_the_queued_replies() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir.path().join("app"), None);
    let (url, ana_token, server) = backend_with_rui(dir.path(), "Ana", true);
    let bia_token = server
        .control()
        .create_token(switchboard_protocol::Role::Agent, "Bia")
        .unwrap();
    invoke(&app, "sign_in", json!({"baseUrl": url, "token": ana_token})).unwrap();
    let conversation = first_conversation(&app);

    // Ana's reply waits in the outbox while the backend is away, and her
    // token is revoked meanwhile.
    let server = tauri::async_runtime::block_on(async {
        let addr = server.addr();
        server.shutdown().await;
        addr
    });
    invoke(
        &app,
        "send_reply",
        json!({"conversationId": conversation, "text": "Ana's private reply"}),
    )
    .unwrap();
    let ana = user_id(dir.path(), "Ana");
    switchboard_backend::revoke_token(&dir.path().join("backend.sqlite3"), ana).unwrap();
    let server = tauri::async_runtime::block_on(switchboard_backend::serve(
        switchboard_backend::ServerConfig::new(dir.path().join("backend.sqlite3"), server),
    ))
    .unwrap();

    let ended = eventually(Duration::from_secs(30), || {
        let session = invoke(&app, "session", json!({})).unwrap();
        (session["type"] == "signed_out").then_some(session)
    })
    .expect("a refused token ends the session by itself");
    assert_eq!(
        ended["reason"],
        json!({"kind": "token_refused"}),
        "the sign-in screen is told why (the page words it in its language)"
    );
    assert!(
        !dir.path().join("app/config/backend-token").exists(),
        "the refused token is forgotten"
    );
    assert_eq!(
        invoke(&app, "unsent_writes", json!({})).unwrap(),
        json!({"count": 1}),
        "Ana's unsent reply is kept for her, not thrown away by a revocation"
    );

    let refused = invoke(&app, "sign_in", json!({"baseUrl": url, "token": bia_token}))
        .expect_err("another user's sign-in must ask before discarding Ana's reply");
    assert_eq!(refused["code"], "unsent_writes_of_another_user");
    assert_eq!(
        invoke(&app, "session", json!({})).unwrap()["type"],
        "signed_out",
        "the refused sign-in changes nothing"
    );
    let session = invoke(
        &app,
        "sign_in",
        json!({"baseUrl": url, "token": bia_token, "consent": {"discard_unsent": true}}),
    )
    .unwrap();
    assert_eq!(session["me"]["name"], "Bia");
    assert_eq!(
        invoke(&app, "unsent_writes", json!({})).unwrap(),
        json!({"count": 0}),
        "Bia agreed: Ana's reply is discarded"
    );
    let live = eventually(Duration::from_secs(20), || {
        (invoke(&app, "sync_status", json!({})).unwrap()["kind"] == "live").then_some(())
    });
    assert!(live.is_some(), "Bia's session syncs");
    std::thread::sleep(Duration::from_millis(500));
    let opened = invoke(&app, "open_conversation", json!({"id": conversation})).unwrap();
    assert!(
        !opened["messages"]["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["text"] == "Ana's private reply"),
        "Ana's reply must never go out under Bia's token: {opened}"
    );
    tauri::async_runtime::block_on(server.shutdown());
}

#[test]
fn the_data_directories_and_the_cache_are_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("app");
    let _app = app(&data, None);
    let mode = |path: &std::path::Path| {
        std::fs::metadata(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .permissions()
            .mode()
            & 0o777
    };
    for private in [data.clone(), data.join("config"), data.join("logs")] {
        assert_eq!(
            mode(&private),
            0o700,
            "{} holds conversations, logs or the token: only the user may enter it",
            private.display()
        );
    }
    for file in ["cache.sqlite3", "cache.sqlite3-wal"] {
        assert_eq!(
            mode(&data.join(file)),
            0o600,
            "{file} holds customers' conversations: only the user may read it"
        );
    }
}

#[test]
fn history_progress_is_reported_only_while_the_history_downloads() {
    let dir = tempfile::tempdir().unwrap();
    let on_demand = app_with(switchboard::Options {
        download_history: false,
        ..test_options(&dir.path().join("on-demand"), None)
    });
    assert_eq!(
        invoke(&on_demand, "history_progress", json!({})).unwrap(),
        Value::Null,
        "nothing downloads: the page must not show progress or blame search results on it"
    );
    let downloading = app(&dir.path().join("downloading"), None);
    assert!(
        invoke(&downloading, "history_progress", json!({}))
            .unwrap()
            .is_object(),
        "a download runs: its progress is reported"
    );
}

/// The app of `options`, with a listener on the waiting count attached
/// before its setup runs: what it shows at start is never missed.
fn app_counting_waiting(
    options: switchboard::Options,
) -> (
    tauri::App<tauri::test::MockRuntime>,
    std::sync::mpsc::Receiver<Value>,
) {
    use tauri::Listener;
    let mut app = switchboard::builder(tauri::test::mock_builder(), options)
        .build(switchboard::context())
        .expect("the app builds on the mock runtime");
    let (shown, counts) = std::sync::mpsc::channel();
    app.listen(switchboard::events::WAITING, move |event| {
        let count: Value = serde_json::from_str(event.payload()).unwrap();
        let _ = shown.send(count["count"].clone());
    });
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    (app, counts)
}

#[test]
fn the_start_work_waits_for_the_first_painted_list_and_not_longer_than_its_fallback() {
    let dir = tempfile::tempdir().unwrap();
    drop(seed_cache(
        &dir.path().join("painted"),
        &["Ana Lima", "Bruno Costa"],
        &[2],
    ));
    let (app, counts) = app_counting_waiting(switchboard::Options {
        first_paint_fallback: Duration::from_secs(60),
        ..test_options(&dir.path().join("painted"), None)
    });
    let page = invoke(
        &app,
        "list_conversations",
        json!({"query": {"filter": "all", "selected": null, "after": null, "limit": 50}}),
    )
    .unwrap();
    assert_eq!(
        page["rows"].as_array().map(Vec::len),
        Some(2),
        "what the page asks for is answered at once, before its first paint"
    );
    assert_eq!(
        counts.recv_timeout(Duration::from_millis(700)).ok(),
        None,
        "the waiting count is start work the first list does not need: \
         it must not compete with the window's start"
    );
    let painted = std::time::Instant::now();
    invoke(&app, "app_ready", json!({"phases": [], "now": 0.0})).unwrap();
    assert_eq!(
        counts.recv_timeout(Duration::from_secs(10)).ok(),
        Some(json!(1)),
        "once the page reports its first list painted, the held-back work starts"
    );
    assert!(
        painted.elapsed() < Duration::from_secs(2),
        "it starts at the paint, not at the fallback: {:?}",
        painted.elapsed()
    );

    // A page that never reports (the sign-in screen, a page that failed)
    // holds nothing back for longer than the fallback.
    drop(seed_cache(&dir.path().join("never"), &["Carla Dias"], &[1]));
    let started = std::time::Instant::now();
    let (_app, counts) = app_counting_waiting(switchboard::Options {
        first_paint_fallback: Duration::from_millis(800),
        ..test_options(&dir.path().join("never"), None)
    });
    assert_eq!(
        counts.recv_timeout(Duration::from_secs(10)).ok(),
        Some(json!(1)),
        "without a paint, the start work runs after the fallback"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(700),
        "and not before it: {:?}",
        started.elapsed()
    );
}
