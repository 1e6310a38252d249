//! The event log: [`WriteTx`], the transaction that takes gapless seqs and
//! appends events with the change they describe, the log's bounds, reading
//! events back, and retention.

use std::sync::Arc;

use rusqlite::{params, Connection, Transaction, TransactionBehavior};
use switchboard_protocol::{Change, Event, Millis, Seq};

use crate::error::{Error, Result};

/// Commits with more events than this are announced to the stream
/// subscribers without them (they read them from the database instead), so
/// a bulk seed does not hold its events twice in memory.
pub(crate) const MAX_ANNOUNCED_EVENTS: usize = 256;

/// A write transaction on the log: take seqs with [`WriteTx::next_seq`],
/// append events with [`WriteTx::append`].
pub(crate) struct WriteTx<'c> {
    tx: Transaction<'c>,
    now: Millis,
    last_seq: Seq,
    appended: usize,
    /// The appended events, kept for the announcement while few.
    announced: Vec<StoredEvent>,
}

impl<'c> WriteTx<'c> {
    pub(crate) fn begin(conn: &'c mut Connection, now: Millis) -> Result<Self> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last_seq = log_state(&tx)?.last_seq;
        Ok(WriteTx {
            tx,
            now,
            last_seq,
            appended: 0,
            announced: Vec::new(),
        })
    }

    /// The time of this change.
    pub(crate) fn now(&self) -> Millis {
        self.now
    }

    /// Moves the clock of the following changes (seeding writes history
    /// with past times in one transaction).
    pub(crate) fn set_now(&mut self, now: Millis) {
        self.now = now;
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.tx
    }

    /// The seq the next appended event will get: set it as `updated_seq`
    /// of what that event carries.
    pub(crate) fn next_seq(&self) -> Seq {
        self.last_seq + 1
    }

    /// Appends an event with the next seq.
    pub(crate) fn append(&mut self, change: Change) -> Result<Event> {
        let event = Event {
            seq: self.last_seq + 1,
            id: uuid::Uuid::new_v4().to_string(),
            occurred_at: self.now,
            change,
        };
        let body: Arc<str> = serde_json::to_string(&event)?.into();
        self.tx
            .prepare_cached(
                "INSERT INTO events (seq, id, type, occurred_at, body) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                event.seq,
                event.id,
                event.change.type_name(),
                event.occurred_at,
                &*body
            ])?;
        self.last_seq = event.seq;
        self.appended += 1;
        if self.appended <= MAX_ANNOUNCED_EVENTS {
            let kind = event.change.type_name().to_owned();
            self.announced.push(StoredEvent {
                seq: event.seq,
                kind,
                body,
            });
        }
        Ok(event)
    }

    /// Commits; when events were appended, returns the new last seq and the
    /// events (none when more than [`MAX_ANNOUNCED_EVENTS`]). Events beyond
    /// `retained` are deleted in the same transaction.
    pub(crate) fn commit(
        mut self,
        retained: Option<u64>,
    ) -> Result<Option<(Seq, Vec<StoredEvent>)>> {
        if self.appended == 0 {
            self.tx.commit()?;
            return Ok(None);
        }
        self.tx
            .prepare_cached("UPDATE log_state SET last_seq = ?1 WHERE id = 1")?
            .execute([self.last_seq])?;
        if let Some(retained) = retained {
            let cutoff = self.last_seq - i64::try_from(retained).unwrap_or(i64::MAX);
            expire_through(&self.tx, cutoff)?;
        }
        self.tx.commit()?;
        if self.appended > MAX_ANNOUNCED_EVENTS {
            self.announced.clear();
        }
        Ok(Some((self.last_seq, self.announced)))
    }
}

/// Deletes events with `seq <= through`; cursors before `through` then get
/// `410 cursor_expired`.
pub(crate) fn expire_through(conn: &Connection, through: Seq) -> Result<()> {
    let state = log_state(conn)?;
    let through = through.min(state.last_seq);
    if through <= state.expired_through {
        return Ok(());
    }
    conn.prepare_cached("DELETE FROM events WHERE seq <= ?1")?
        .execute([through])?;
    conn.prepare_cached("UPDATE log_state SET expired_through = ?1 WHERE id = 1")?
        .execute([through])?;
    Ok(())
}

/// The log's bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LogState {
    pub last_seq: Seq,
    pub expired_through: Seq,
}

pub(crate) fn log_state(conn: &Connection) -> Result<LogState> {
    Ok(conn.query_row(
        "SELECT last_seq, expired_through FROM log_state WHERE id = 1",
        [],
        |r| {
            Ok(LogState {
                last_seq: r.get(0)?,
                expired_through: r.get(1)?,
            })
        },
    )?)
}

/// Checks that events after `after` are all still in the log.
pub(crate) fn check_cursor(state: LogState, after: Seq) -> Result<()> {
    if after < state.expired_through || after > state.last_seq {
        return Err(Error::CursorExpired {
            after,
            oldest: state.expired_through,
        });
    }
    Ok(())
}

/// One stored event, as served: its seq, type and JSON body.
#[derive(Debug, Clone)]
pub(crate) struct StoredEvent {
    pub seq: Seq,
    pub kind: String,
    pub body: Arc<str>,
}

pub(crate) fn events_after(conn: &Connection, after: Seq, limit: u32) -> Result<Vec<StoredEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, type, body FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after, limit], |r| {
        Ok(StoredEvent {
            seq: r.get(0)?,
            kind: r.get(1)?,
            body: r.get::<_, String>(2)?.into(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
