//! Crash safety: a child process applying large batches is SIGKILLed at a
//! random moment; the reopened database must match its cursor exactly.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;
use rand::Rng;
use rusqlite::Connection;
use switchboard_protocol::{Author, ConversationStatus};
use switchboard_store::{OutboxAction, Store};

/// Set in the child: the database to write to.
const CHILD_ENV: &str = "SWITCHBOARD_STORE_CRASH_CHILD";
const TEST_NAME: &str = "a_killed_writer_leaves_whole_batches_and_every_outbox_entry";
/// Events per batch: one conversation started, then its messages.
const BATCH: i64 = 300;
/// The child stops by itself after this many batches, should the parent die.
const MAX_CHILD_BATCHES: i64 = 2_000;

#[test]
fn a_killed_writer_leaves_whole_batches_and_every_outbox_entry() {
    if let Ok(path) = std::env::var(CHILD_ENV) {
        write_until_killed(Path::new(&path));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    bootstrap_empty(&Store::open(&path).unwrap(), 0);

    let mut rng = rand::thread_rng();
    for round in 0..4 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // Let it apply a couple of batches, then kill it mid-flight.
        let mut batches_seen = 0;
        while batches_seen < 2 {
            let line = lines.next().expect("the child reports progress").unwrap();
            if line.starts_with("applied ") {
                batches_seen += 1;
            }
        }
        std::thread::sleep(Duration::from_millis(rng.gen_range(0..40)));
        child.kill().unwrap(); // SIGKILL on Unix: no destructor, no rollback runs
        child.wait().unwrap();

        assert_consistent(&path, round);
    }
}

/// The child: enqueue an outbox entry, then apply one large batch; repeat.
fn write_until_killed(path: &Path) {
    let store = Store::open(path).unwrap();
    let filler = "the customer wrote a long message about a crash ".repeat(6);
    for _ in 0..MAX_CHILD_BATCHES {
        let applied = store.sync_position().unwrap().applied_seq.unwrap();
        let batch_no = applied / BATCH;
        // The write is stored before "the network call", like the app does.
        store
            .enqueue(
                batch_no + 1,
                OutboxAction::Close,
                &format!("batch-{batch_no}"),
                T0,
            )
            .unwrap();
        let conv_id = batch_no + 1;
        let conv = conversation(conv_id, conv_id, ConversationStatus::Open, applied + 1);
        let mut events = vec![started(applied + 1, conv_id, conv_id, "Crash Test")];
        for i in 2..=BATCH {
            let seq = applied + i;
            events.push(message_created(
                seq,
                seq,
                &conv,
                Author::Customer,
                &format!("{filler} {seq}"),
            ));
        }
        store.apply_events(&events).unwrap();
        println!("applied {}", applied + BATCH);
        std::io::stdout().flush().unwrap();
    }
}

fn assert_consistent(path: &Path, round: usize) {
    let store = Store::open(path).expect("the database opens after a SIGKILL");
    let applied = store.sync_position().unwrap().applied_seq.unwrap();
    let why = format!("(round {round}, applied_seq {applied})");
    assert_eq!(
        applied % BATCH,
        0,
        "the cursor only ever moves by whole batches {why}"
    );
    let batches = applied / BATCH;
    assert!(
        batches >= 2,
        "the child applied at least the batches it reported {why}"
    );

    let conn = Connection::open(path).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT count(*) FROM conversations"),
        batches,
        "one conversation per batch {why}"
    );
    assert_eq!(
        count("SELECT count(*) FROM messages"),
        batches * (BATCH - 1),
        "every message of every applied batch, none of a half batch {why}"
    );
    assert_eq!(
        count("SELECT count(*) FROM message_fts WHERE message_fts MATCH 'crash'"),
        batches * (BATCH - 1),
        "the search index matches the messages exactly {why}"
    );
    assert_eq!(
        store.filter_counts().unwrap().all as i64,
        batches,
        "the maintained counts match the rows {why}"
    );
    for b in 0..batches {
        assert!(
            count(&format!(
                "SELECT count(*) FROM outbox WHERE idempotency_key = 'batch-{b}'"
            )) == 1,
            "the outbox entry stored before batch {b} survives {why}"
        );
    }
    let entries = count("SELECT count(*) FROM outbox");
    assert!(
        entries == batches || entries == batches + 1,
        "at most the entry of the batch in flight is ahead of the cursor: {entries} entries {why}"
    );
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "SQLite finds no damage {why}");
    let fts_check = conn.execute(
        "INSERT INTO message_fts (message_fts, rank) VALUES ('integrity-check', 1)",
        [],
    );
    assert!(
        fts_check.is_ok(),
        "the FTS index agrees with its content table {why}: {fts_check:?}"
    );
}
