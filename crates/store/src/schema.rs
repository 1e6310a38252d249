//! Schema migrations and connection setup.
//!
//! Migrations are numbered `.sql` files in `src/migrations/`, applied by
//! `rusqlite_migration`, which stores the version in SQLite's `user_version`.
//! Append new files; never edit one that has shipped.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction};
use rusqlite_migration::{HookError, HookResult, Migrations, M};

use crate::error::{Result, StoreError};

/// What the WAL file is truncated back to after a burst of writes.
const WAL_SIZE_LIMIT_BYTES: i64 = 64 * 1024 * 1024;

/// How long a connection waits for a lock held by another one before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("migrations/0001_initial.sql")),
        M::up_with_hook(
            include_str!("migrations/0002_search.sql"),
            fill_phone_digits as fn(&Transaction) -> HookResult,
        ),
        M::up(include_str!("migrations/0003_filter_counts.sql")),
        M::up(include_str!("migrations/0004_search_speed.sql")),
        M::up(include_str!("migrations/0005_message_chain.sql")),
        M::up(include_str!("migrations/0006_history_extent.sql")),
        M::up(include_str!("migrations/0007_open_means_active.sql")),
        M::up(include_str!("migrations/0008_assignee.sql")),
        M::up(include_str!("migrations/0009_escalation.sql")),
        M::up(include_str!("migrations/0010_keep_history.sql")),
        M::up_with_hook(
            include_str!("migrations/0011_review.sql"),
            crate::review::judge_cached_messages as fn(&Transaction) -> HookResult,
        ),
        M::up(include_str!("migrations/0012_review_speed.sql")),
        M::up(include_str!("migrations/0013_snooze.sql")),
        M::up(include_str!("migrations/0014_outbox_error_code.sql")),
        M::up_with_hook(
            include_str!("migrations/0015_waiting_kept.sql"),
            crate::waiting::reread_all as fn(&Transaction) -> HookResult,
        ),
        M::up(include_str!("migrations/0016_contact_panel_speed.sql")),
    ])
}

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = 16;

/// Migration 2 added `contacts.phone_digits`; its value is computed in Rust
/// (the same function the writes use), so existing contacts are searchable
/// by phone as soon as the migration commits.
fn fill_phone_digits(tx: &Transaction) -> HookResult {
    let phones: Vec<(i64, String)> = {
        let mut stmt = tx.prepare("SELECT id, phone FROM contacts WHERE phone IS NOT NULL")?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut set = tx.prepare("UPDATE contacts SET phone_digits = ?2 WHERE id = ?1")?;
    for (id, phone) in &phones {
        set.execute((id, phone_digits(Some(phone))))?;
    }
    tx.execute_batch(
        "INSERT INTO contact_digits_fts (rowid, digits) SELECT id, phone_digits FROM contacts",
    )
    .map_err(HookError::from)
}

/// The digits of a phone number, whatever its formatting.
pub(crate) fn phone_digits(phone: Option<&str>) -> String {
    phone
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

/// Migrates `conn` to `version` (0 = empty). For tests that build a
/// database as an older release left it; the app always uses `Store::open`.
#[doc(hidden)]
pub fn migrate_to_version(conn: &mut Connection, version: usize) -> Result<()> {
    migrations().to_version(conn, version)?;
    Ok(())
}

/// Opens the writer connection: refuses a newer schema before touching the
/// file, then sets WAL and migrates. Its checkpoints are the caller's to
/// set up (`Store::open`, with `checkpoint.rs`): the checkpointer opens its
/// connection here, so this module must not depend on it in turn.
pub(crate) fn open_writer(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(StoreError::ReadOnly);
    }
    // Reading user_version also proves the file is a database (NotADatabase
    // otherwise). It must happen before `journal_mode = WAL`, which writes.
    let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > LATEST_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            supported: LATEST_VERSION,
        });
    }
    let mode: String =
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        // WAL is refused on some network file systems; everything still
        // works, only reads may then wait for writes.
        tracing::warn!(mode, "the local database could not switch to WAL");
    }
    configure(&conn)?;
    // The writer keeps SQLite's page cache of 2 MiB, like the readers. A
    // bigger one fills during a first sync and stays full, and the files'
    // pages are in the OS's cache anyway: with 8 MiB the first sync +
    // whole history of 100k conversations was no faster (`history_bench`,
    // same session: 1.90× the bare download against 1.87× at 2 MiB) and
    // the engine peaked at 66 MiB resident instead of 53; with 32 MiB the
    // app held 24 MiB more still.
    conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT_BYTES)?;
    migrations().to_latest(&mut conn)?;
    Ok(conn)
}

/// Opens the checkpointer's connection (after the writer migrated).
pub(crate) fn open_checkpointer(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT_BYTES)?;
    Ok(conn)
}

/// Opens one more read connection. Read-only at the SQLite level, so a bug
/// in a query cannot write behind the writer's back.
pub(crate) fn open_reader(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    configure(&conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    // With WAL, NORMAL loses at most the last transactions on power loss,
    // never consistency; FULL would fsync every commit.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}
