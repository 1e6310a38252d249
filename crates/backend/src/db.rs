//! The SQLite database of a running server: its schema migrations, the
//! writer and the pooled readers, and the announcement of every commit to
//! the SSE subscribers. The SQL itself lives in [`crate::reads`],
//! [`crate::writes`], [`crate::event_log`] and [`crate::tokens`].
//!
//! One writer connection behind a mutex makes the event log gapless: a seq
//! is taken and the change written in the same `BEGIN IMMEDIATE`
//! transaction. Readers use their own connections (WAL), so reads never wait
//! for the writer.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{Migrations, M};
use switchboard_protocol::Seq;
use tokio::sync::broadcast;

use crate::error::{Error, Result};
use crate::event_log::{self, StoredEvent, WriteTx};

/// Numbered `.sql` files in `src/migrations/`, applied by
/// `rusqlite_migration`, which keeps the version in SQLite's `user_version`.
/// Append new files; never edit one that has shipped.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("migrations/0001_initial.sql")),
        M::up(include_str!("migrations/0002_token_lifetimes.sql")),
        M::up(include_str!("migrations/0003_assignee.sql")),
        M::up(include_str!("migrations/0004_message_markers.sql")),
    ])
}

/// The schema version this build writes.
const LATEST_VERSION: i64 = 4;

/// Opens (creating if missing) the database at `path` and brings its schema
/// up to date. Used by the server and by `token create`.
pub fn open_writer(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > LATEST_VERSION {
        return Err(Error::Internal(format!(
            "database schema version {version} is newer than this server ({LATEST_VERSION})"
        )));
    }
    migrations()
        .to_latest(&mut conn)
        .map_err(|e| Error::Internal(format!("migrating the database failed: {e}")))?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // NORMAL is durable across process crashes in WAL mode; only an OS crash
    // may lose the newest commits, which a reference server can afford.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

/// Commits a stream subscriber may fall behind before it re-reads the log.
const BROADCAST_CAPACITY: usize = 1024;

/// A commit, as announced to the SSE subscribers.
#[derive(Debug)]
pub(crate) struct Committed {
    /// The log's head after the commit.
    pub head: Seq,
    /// Its events in seq order; empty when there were too many to carry.
    pub events: Vec<StoredEvent>,
}

/// The database of a running server: the writer, a pool of readers, and the
/// channel that hands each commit to the SSE subscribers.
pub(crate) struct Db {
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    path: PathBuf,
    head: AtomicI64,
    committed: broadcast::Sender<Arc<Committed>>,
    retained_events: Option<u64>,
}

impl Db {
    pub(crate) fn open(path: &Path, retained_events: Option<u64>) -> Result<Db> {
        let writer = open_writer(path)?;
        let last_seq = event_log::log_state(&writer)?.last_seq;
        let (committed, _) = broadcast::channel(BROADCAST_CAPACITY);
        Ok(Db {
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
            path: path.to_owned(),
            head: AtomicI64::new(last_seq),
            committed,
            retained_events,
        })
    }

    /// Runs `f` in one write transaction that may append events; commits,
    /// applies retention, then wakes the stream subscribers. Blocking.
    pub(crate) fn write<T>(
        &self,
        now: i64,
        f: impl FnOnce(&mut WriteTx<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut conn = lock(&self.writer);
        let mut tx = WriteTx::begin(&mut conn, now)?;
        let value = f(&mut tx)?;
        let appended = tx.commit(self.retained_events)?;
        if let Some((head, events)) = appended {
            // Announced while still holding the writer, so announcements
            // arrive in seq order. No subscriber is not an error.
            self.head.store(head, Ordering::Release);
            let _ = self.committed.send(Arc::new(Committed { head, events }));
        }
        drop(conn);
        Ok(value)
    }

    /// Runs `f` on a reader connection. Blocking.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = match lock(&self.readers).pop() {
            Some(conn) => conn,
            None => {
                let conn = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                conn.busy_timeout(Duration::from_secs(5))?;
                conn
            }
        };
        let result = f(&conn);
        // A connection left inside a transaction by an error is not reused.
        if conn.is_autocommit() {
            let mut pool = lock(&self.readers);
            if pool.len() < 16 {
                pool.push(conn);
            }
        }
        result
    }

    /// Receives every commit from now on.
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Arc<Committed>> {
        self.committed.subscribe()
    }

    /// The newest committed seq (no database read).
    pub(crate) fn announced_seq(&self) -> Seq {
        self.head.load(Ordering::Acquire)
    }
}

/// A poisoned mutex only means another thread panicked while holding it;
/// SQLite rolled its transaction back, so the connection is still sound.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid_and_latest_version_counts_them() {
        migrations()
            .validate()
            .expect("every migration applies to an empty database");
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(
            version, LATEST_VERSION,
            "LATEST_VERSION must name the last migration, or newer databases go unrefused"
        );
    }
}
