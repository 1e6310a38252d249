//! Opening, migrating, and failing safely: newer schema, full disk,
//! read-only and damaged files; settings.

mod common;

use common::*;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use switchboard_protocol::{Author, ConversationStatus};
use switchboard_store::schema::{migrate_to_version, LATEST_VERSION};
use switchboard_store::{Filter, ListQuery, OutboxAction, Store, StoreError};

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (1);")
            .unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match Store::open(&path) {
        Err(StoreError::NewerSchema { found, supported }) => {
            assert_eq!(
                (found, supported),
                (LATEST_VERSION + 1, LATEST_VERSION),
                "both versions are named"
            )
        }
        other => panic!(
            "a newer schema must be refused, got {:?}",
            other.map(|_| ())
        ),
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file must not change by a single byte"
    );
    assert!(
        !dir.path().join("cache.db-wal").exists(),
        "not even switched to WAL"
    );
}

#[test]
fn migrating_from_every_earlier_version_keeps_data() {
    for from in 1..LATEST_VERSION as usize {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.db");
        {
            // A database as release `from` left it, with data in every table.
            let mut conn = Connection::open(&path).unwrap();
            migrate_to_version(&mut conn, from).unwrap();
            conn.execute_batch(
                "INSERT INTO contacts (id, name, phone, email, attributes, created_at, updated_seq)
                     VALUES (1, 'José Araújo', '+55 11 98765-4321', 'jose@example.com', '{}', 0, 1);
                 INSERT INTO conversations (id, contact_id, channel, status, assistant_state,
                     transferred_at, created_at, last_activity_at, updated_seq)
                     VALUES (1, 1, 'whatsapp', 'transferred', 'paused', 5, 0, 5, 2);
                 INSERT INTO messages (id, conversation_id, author, text, created_at, seq)
                     VALUES (1, 1, 'customer', 'minha fatura veio errada', 4, 2);
                 INSERT INTO messages (id, conversation_id, author, text, created_at, seq)
                     VALUES (3, 1, 'assistant', 'vou transferir', 5, 2);
                 INSERT INTO messages (id, conversation_id, author, text, created_at, seq)
                     VALUES (2, 1, 'assistant', 'um momento', 4, 2);
                 UPDATE sync_state SET applied_seq = 2 WHERE id = 1;
                 INSERT INTO outbox (conversation_id, idempotency_key, action, state, created_at)
                     VALUES (1, 'k1', '{\"type\":\"close\"}', 'pending', 0);
                 INSERT INTO transfer_ledger (conversation_id, transferred_at, summarised, recorded_seq)
                     VALUES (1, 5, 0, 2);
                 INSERT INTO settings (key, value) VALUES ('quiet', 'true');",
            )
            .unwrap();
            if from >= 2 {
                // Release 2 on wrote the search indexes with every change.
                conn.execute_batch(
                    "UPDATE contacts SET phone_digits = '5511987654321' WHERE id = 1;
                     INSERT INTO contact_fts (rowid, name, email) VALUES (1, 'José Araújo', 'jose@example.com');
                     INSERT INTO contact_digits_fts (rowid, digits) VALUES (1, '5511987654321');
                     INSERT INTO message_fts (rowid, text) VALUES (1, 'minha fatura veio errada');",
                )
                .unwrap();
            }
            if from >= 5 {
                // Release 5 on linked each history as a chain.
                conn.execute_batch(
                    "UPDATE conversations SET last_message_id = 3 WHERE id = 1;
                     UPDATE messages SET prev_id = id - 1 WHERE id > 1;",
                )
                .unwrap();
            }
            if from >= 15 {
                // Release 15 on kept each customer's wait.
                conn.execute_batch("UPDATE conversations SET waiting_since = 5 WHERE id = 1;")
                    .unwrap();
            }
        }
        let store =
            Store::open(&path).unwrap_or_else(|e| panic!("migrating from v{from} failed: {e}"));
        let why = format!("after migrating from v{from}");
        assert_eq!(
            store.sync_position().unwrap().applied_seq,
            Some(2),
            "cursor kept {why}"
        );
        assert_eq!(
            store.filter_counts().unwrap().transferred,
            1,
            "counts backfilled {why}"
        );
        assert_eq!(
            store.waiting_count().unwrap(),
            1,
            "the transferred customer, unanswered, counted as waiting {why}"
        );
        assert_eq!(
            store.search("jose", 5).unwrap().len(),
            1,
            "names indexed {why}"
        );
        assert_eq!(
            store.search("98765", 5).unwrap().len(),
            1,
            "phone digits indexed {why}"
        );
        assert_eq!(
            store.search("fatura", 5).unwrap().len(),
            1,
            "messages indexed {why}"
        );
        let history: Vec<i64> = store
            .messages(1, None, 10)
            .unwrap()
            .messages
            .iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(history, vec![1, 2, 3], "history kept, in order, {why}");
        assert!(
            store.messages(1, None, 10).unwrap().older_not_downloaded,
            "a cache from before the server counted messages never claims the start {why}"
        );
        // As if the server then said nothing is older: the panel may name
        // the first question, found by the migration.
        Connection::open(&path)
            .unwrap()
            .execute("UPDATE conversations SET history_complete = 1", [])
            .unwrap();
        assert_eq!(
            store.contact_detail(1).unwrap().unwrap().conversations[0]
                .first_question
                .as_deref(),
            Some("minha fatura veio errada"),
            "the first question found {why}"
        );
        assert_eq!(
            store.outbox_for_conversation(1).unwrap()[0].action,
            OutboxAction::Close,
            "outbox kept {why}"
        );
        assert_eq!(
            store.setting::<bool>("quiet").unwrap(),
            Some(true),
            "settings kept {why}"
        );
        assert_eq!(
            store.pending_notifications(5).unwrap(),
            switchboard_store::PendingNotifications::Individual(vec![
                switchboard_store::TransferNotice {
                    key: switchboard_store::TransferKey {
                        conversation_id: 1,
                        transferred_at: 5
                    },
                    contact_name: "José Araújo".into(),
                    reason: None,
                    last_customer_message: Some("minha fatura veio errada".into()),
                }
            ]),
            "the ledger is kept {why}"
        );
        let version: i64 = Connection::open(&path)
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(
            version, LATEST_VERSION,
            "the version is stored in the database"
        );
    }
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_database_stays_intact() {
    let (dir, store) = new_store();
    bootstrap_empty(&store, 0);
    store.apply_events(&[started(1, 1, 1, "Ana")]).unwrap();
    let pages: i64 = Connection::open(dir.path().join("cache.db"))
        .unwrap()
        .pragma_query_value(None, "page_count", |r| r.get(0))
        .unwrap();
    store.limit_size_in_pages(pages + 2).unwrap();

    let conv = conversation(1, 1, ConversationStatus::Open, 1);
    let long = "x".repeat(4000);
    let batch: Vec<_> = (0..50)
        .map(|i| {
            message_created(
                2 + i,
                100 + i,
                &conv,
                Author::Customer,
                &format!("{long} {i}"),
            )
        })
        .collect();
    let err = store
        .apply_events(&batch)
        .expect_err("the batch cannot fit");
    assert!(
        matches!(err, StoreError::DiskFull),
        "a full disk is named as such, got {err:?}"
    );
    assert_eq!(
        err.code(),
        "disk_full",
        "the shell can map it to an IPC code"
    );
    drop(store);

    let store = Store::open(&dir.path().join("cache.db")).unwrap();
    assert_eq!(
        store.sync_position().unwrap().applied_seq,
        Some(1),
        "the cursor did not move"
    );
    assert!(
        store.messages(1, None, 100).unwrap().messages.is_empty(),
        "no part of the batch was kept"
    );
    assert!(
        store.apply_events(&batch).is_ok(),
        "with room again, the same batch applies"
    );
    let ok: String = Connection::open(dir.path().join("cache.db"))
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok", "the database is intact");
}

#[test]
fn a_read_only_database_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    {
        let store = Store::open(&path).unwrap();
        bootstrap_empty(&store, 3);
    }
    // Made read-only through SQLite itself: file permissions do not stop
    // root, which may run the tests in a container.
    let read_only = format!("file:{}?mode=ro", path.display());
    match Store::open(Path::new(&read_only)) {
        Err(err @ StoreError::ReadOnly) => {
            assert_eq!(err.code(), "read_only", "a stable code for the shell");
            assert!(
                err.to_string().contains("read-only"),
                "the message says what is wrong: {err}"
            );
        }
        other => panic!(
            "a read-only database must be refused as such, got {:?}",
            other.map(|_| ())
        ),
    }
    // A write that meets a read-only database later maps to the same error.
    let conn = Connection::open_with_flags(
        &read_only,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
    )
    .unwrap();
    let err = StoreError::from(
        conn.execute("UPDATE sync_state SET applied_seq = 9", [])
            .unwrap_err(),
    );
    assert!(
        matches!(err, StoreError::ReadOnly),
        "a refused write is ReadOnly, got {err:?}"
    );
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.sync_position().unwrap().applied_seq,
        Some(3),
        "nothing was changed"
    );
}

#[test]
fn a_file_that_is_not_a_database_is_reported_as_damaged_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let garbage =
        b"this is not an SQLite file, but it is long enough to look like a header....".repeat(20);
    std::fs::write(&path, &garbage).unwrap();
    match Store::open(&path) {
        Err(e @ StoreError::Damaged(_)) => {
            assert_eq!(e.code(), "damaged", "a stable code for the shell")
        }
        other => panic!(
            "garbage must be reported as damaged, got {:?}",
            other.map(|_| ())
        ),
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        garbage,
        "the file is left for the user to inspect"
    );
}

#[test]
fn a_damaged_cache_is_set_aside_whole_and_a_new_one_takes_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let garbage = b"not an SQLite file at all, but long enough to look like one.....".repeat(20);
    std::fs::write(&path, &garbage).unwrap();

    let (store, aside) = Store::open_or_set_aside(&path, 1_796_000_000_000).unwrap();

    let aside = aside.expect("the damaged file is set aside");
    assert_eq!(aside, dir.path().join("cache.db.damaged-1796000000000"));
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        garbage,
        "kept byte for byte"
    );
    // The new cache is a working, empty one at the same path.
    assert_eq!(store.path(), path);
    assert_eq!(store.setting::<u32>("interval").unwrap(), None);
    store.set_setting("interval", &5u32).unwrap();
    drop(store);
    let again = Store::open(&path).unwrap();
    assert_eq!(again.setting::<u32>("interval").unwrap(), Some(5));
}

#[test]
fn a_second_damaged_cache_in_the_same_millisecond_gets_a_name_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let junk = |n: u8| vec![n; 4096];
    std::fs::write(&path, junk(1)).unwrap();
    let (store, first) = Store::open_or_set_aside(&path, 42).unwrap();
    drop(store);
    // Damaged again, WAL and all (a WAL left holding page 1 would mask it).
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.path().join(format!("cache.db{suffix}")));
    }
    std::fs::write(&path, junk(2)).unwrap();
    let (_store, second) = Store::open_or_set_aside(&path, 42).unwrap();
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!(second, dir.path().join("cache.db.damaged-42-1"));
    assert_eq!(
        std::fs::read(first).unwrap(),
        junk(1),
        "the first is not overwritten"
    );
    assert_eq!(std::fs::read(second).unwrap(), junk(2));
}

#[test]
fn a_healthy_cache_or_one_of_a_newer_version_is_never_set_aside() {
    let (dir, store) = new_store();
    store.set_setting("interval", &7u32).unwrap();
    let path = store.path().to_owned();
    drop(store);
    let (store, aside) = Store::open_or_set_aside(&path, 1).unwrap();
    assert_eq!(aside, None);
    assert_eq!(
        store.setting::<u32>("interval").unwrap(),
        Some(7),
        "its data kept"
    );
    drop(store);

    let newer = dir.path().join("newer.db");
    {
        let conn = Connection::open(&newer).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
    }
    let before = std::fs::read(&newer).unwrap();
    assert!(matches!(
        Store::open_or_set_aside(&newer, 1),
        Err(StoreError::NewerSchema { .. })
    ));
    assert_eq!(
        std::fs::read(&newer).unwrap(),
        before,
        "left for the newer app"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        names.iter().all(|name| !name.contains("damaged")),
        "nothing set aside: {names:?}"
    );
}

#[test]
fn settings_round_trip_and_a_wrong_type_is_an_error() {
    let (dir, store) = new_store();
    assert_eq!(
        store.setting::<u32>("interval").unwrap(),
        None,
        "an unset setting is None"
    );
    store.set_setting("interval", &30u32).unwrap();
    store.set_setting("interval", &45u32).unwrap();
    drop(store);
    let store = Store::open(&dir.path().join("cache.db")).unwrap();
    assert_eq!(
        store.setting::<u32>("interval").unwrap(),
        Some(45),
        "the latest value survives a restart"
    );
    assert!(
        matches!(
            store.setting::<String>("interval"),
            Err(StoreError::Setting { .. })
        ),
        "a value of another type is an error, not a silent default"
    );
}

#[test]
fn reads_do_not_wait_for_a_long_write() {
    let (dir, store) = new_store();
    bootstrap_empty(&store, 0);
    store.apply_events(&[started(1, 1, 1, "Ana")]).unwrap();
    // A write transaction left open, as a long batch would be.
    let mut other = Connection::open(dir.path().join("cache.db")).unwrap();
    let tx = other
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .unwrap();
    tx.execute("UPDATE conversations SET channel = 'web'", [])
        .unwrap();

    let page = store
        .list_conversations(&ListQuery {
            filter: Filter::All,
            selected: None,
            after: None,
            limit: 10,
        })
        .unwrap();
    assert_eq!(
        page.rows.len(),
        1,
        "a read completes while a write is under way"
    );
    assert_eq!(
        page.rows[0].channel, "whatsapp",
        "and sees the last committed state"
    );
    tx.rollback().unwrap();
}

#[test]
fn the_wal_is_copied_into_the_database_in_the_background_and_stays_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let store = Store::open(&path).unwrap();
    let size = |suffix: &str| {
        std::fs::metadata(format!("{}{suffix}", path.display()))
            .map(|m| m.len())
            .unwrap_or(0)
    };
    let before = size("");
    // About 100 MiB of new pages, one setting of 8 KiB at a time: past the
    // checkpointer's threshold (64 MiB), short of the writer's own (250 MiB).
    // (Distinct keys: a page written again before a checkpoint takes no
    // new room in the WAL.)
    let value = "x".repeat(8 * 1024);
    for i in 0..12_000 {
        store.set_setting(&format!("k{i}"), &value).unwrap();
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while size("") < before + 8 * 1024 * 1024 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        size("") >= before + 8 * 1024 * 1024,
        "the settings reached the database file while the writer kept writing ({} bytes, WAL {} bytes)",
        size(""),
        size("-wal")
    );
    assert!(
        size("-wal") < 200 * 1024 * 1024,
        "the WAL stays bounded ({} bytes)",
        size("-wal")
    );
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.setting::<String>("k11999").unwrap(),
        Some(value),
        "every write is there after a reopen"
    );
}

/// Overwrites the b-tree root page of `table` with garbage, as a failing
/// disk might: the file still opens, and reading that table fails.
fn damage_table(path: &Path, table: &str) {
    let root: i64 = Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = ?1",
            [table],
            |row| row.get(0),
        )
        .unwrap();
    const PAGE: usize = 4096;
    let mut bytes = std::fs::read(path).unwrap();
    let at = (root as usize - 1) * PAGE;
    bytes[at..at + PAGE].fill(0xA5);
    std::fs::write(path, bytes).unwrap();
}

/// A cache holding one conversation and what `fill` adds, closed, then its
/// conversations' table damaged ([`damage_table`]).
fn cache_with_its_list_damaged(fill: impl FnOnce(&Store)) -> (tempfile::TempDir, PathBuf) {
    let (dir, store) = new_store();
    store
        .apply_bootstrap_page(&last_page(
            10,
            vec![contact(1, "Ana", 1)],
            vec![conversation(1, 1, ConversationStatus::Open, 1)],
            vec![],
        ))
        .unwrap();
    fill(&store);
    let path = store.path().to_owned();
    drop(store);
    damage_table(&path, "conversations");
    (dir, path)
}

fn list_all(store: &Store) -> Result<(), StoreError> {
    store
        .list_conversations(&ListQuery {
            filter: Filter::All,
            selected: None,
            after: None,
            limit: 50,
        })
        .map(drop)
}

#[test]
fn a_cache_found_damaged_in_use_is_noted_and_set_aside_at_the_next_open() {
    let (dir, path) = cache_with_its_list_damaged(|store| {
        store.set_setting("interval", &9u32).unwrap();
    });
    let damaged = std::fs::read(&path).unwrap();

    // It opens: only the list's table is damaged.
    let (store, aside) = Store::open_or_set_aside(&path, 1).unwrap();
    assert_eq!(aside, None, "nothing is wrong where opening reads");
    let error = list_all(&store).unwrap_err();
    assert!(
        matches!(error, StoreError::Damaged(_)),
        "SQLite's own word, kept apart from a row that does not decode: {error:?}"
    );
    assert_eq!(error.code(), "damaged");
    assert!(!store.damage_noted());
    assert!(store.note_damage(&error), "noted the first time");
    assert!(!store.note_damage(&error), "once");
    assert!(store.damage_noted());
    assert!(
        !store.note_damage(&StoreError::Corrupt("a bad value".into())),
        "a value that does not decode is not the file's damage"
    );
    drop(store);

    let (store, aside) = Store::open_or_set_aside(&path, 2).unwrap();
    let aside = aside.expect("set aside at the next open");
    assert_eq!(aside, dir.path().join("cache.db.damaged-2"));
    assert_eq!(std::fs::read(&aside).unwrap(), damaged, "kept as it was");
    assert!(
        !dir.path().join("cache.db.damage-seen").exists(),
        "the note is gone with the file"
    );
    assert_eq!(
        store.setting::<u32>("interval").unwrap(),
        None,
        "a new cache"
    );
    assert!(list(&store, Filter::All).is_empty());
    drop(store);
    let (_store, aside) = Store::open_or_set_aside(&path, 3).unwrap();
    assert_eq!(aside, None, "the new cache stays");
}

#[test]
fn errors_that_are_not_damage_are_not_noted() {
    let (dir, store) = new_store();
    for error in [
        StoreError::DiskFull,
        StoreError::ReadOnly,
        StoreError::NotFound {
            what: "conversation",
            id: 1,
        },
    ] {
        assert!(!store.note_damage(&error), "{error:?}");
    }
    let path = store.path().to_owned();
    drop(store);
    let (_store, aside) = Store::open_or_set_aside(&path, 1).unwrap();
    assert_eq!(aside, None);
    assert!(!dir.path().join("cache.db.damage-seen").exists());
}

#[test]
fn whoever_meets_the_damage_the_listener_is_told_once() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    let (_dir, path) = cache_with_its_list_damaged(|_| {});
    let (store, _) = Store::open_or_set_aside(&path, 1).unwrap();
    let told = Arc::new(AtomicUsize::new(0));
    let counter = told.clone();
    assert!(store.when_damage_noted(move || {
        counter.fetch_add(1, Ordering::SeqCst);
    }));
    assert!(
        !store.when_damage_noted(|| {}),
        "one listener: a second is refused"
    );
    assert_eq!(told.load(Ordering::SeqCst), 0, "nothing met yet");

    // A background task's call (as the sync engine's are), on a clone.
    let background = store.clone();
    let failed = std::thread::spawn(move || background.noting_damage(list_all).is_err())
        .join()
        .unwrap();
    assert!(failed);
    assert_eq!(told.load(Ordering::SeqCst), 1, "told when first met");
    let _ = store.noting_damage(list_all);
    assert_eq!(told.load(Ordering::SeqCst), 1, "once");

    // A listener set after the damage was noted is told at once.
    drop(store);
    let (_dir2, other) = new_store();
    assert!(other.note_damage(&StoreError::Damaged("malformed".into())));
    let late = Arc::new(AtomicUsize::new(0));
    let counter = late.clone();
    other.when_damage_noted(move || {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    assert_eq!(late.load(Ordering::SeqCst), 1, "told on registering");
}
