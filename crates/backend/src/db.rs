//! The SQLite database: schema, connections, and the mapping between rows
//! and wire types. All SQL of the backend lives here and in [`crate::writes`].
//!
//! One writer connection behind a mutex makes the event log gapless: a seq
//! is taken and the change written in the same `BEGIN IMMEDIATE`
//! transaction. Readers use their own connections (WAL), so reads never wait
//! for the writer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Row};
use switchboard_protocol::{
    AssistantState, Author, Contact, Conversation, ConversationStatus, Me, Message, Role, Seq,
};
use tokio::sync::broadcast;

use crate::error::{Error, Result};
use crate::writes::WriteTx;

const SCHEMA_VERSION: i64 = 1;

/// Version 1 of the schema. Migrations append; they never edit this text.
const SCHEMA_V1: &str = r#"
CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('agent', 'manager')),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);
CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    phone       TEXT,
    email       TEXT,
    external_id TEXT,
    chat_id     TEXT,
    attributes  TEXT NOT NULL DEFAULT '{}',
    created_at  INTEGER NOT NULL,
    updated_seq INTEGER NOT NULL
);
CREATE INDEX contacts_external_id ON contacts (external_id) WHERE external_id IS NOT NULL;
CREATE INDEX contacts_chat_id ON contacts (chat_id) WHERE chat_id IS NOT NULL;
CREATE INDEX contacts_email ON contacts (email) WHERE email IS NOT NULL;
CREATE INDEX contacts_phone ON contacts (phone) WHERE phone IS NOT NULL;
CREATE TABLE conversations (
    id                   INTEGER PRIMARY KEY,
    contact_id           INTEGER NOT NULL REFERENCES contacts (id),
    channel              TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('open', 'closed', 'transferred')),
    assistant_state      TEXT NOT NULL CHECK (assistant_state IN ('active', 'paused', 'blocked')),
    transfer_reason      TEXT,
    transferred_at       INTEGER,
    created_at           INTEGER NOT NULL,
    last_activity_at     INTEGER NOT NULL,
    last_message_preview TEXT,
    updated_seq          INTEGER NOT NULL
);
CREATE INDEX conversations_contact ON conversations (contact_id, last_activity_at);
CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id),
    author          TEXT NOT NULL CHECK (author IN ('customer', 'assistant', 'agent', 'system')),
    agent_id        INTEGER,
    agent_name      TEXT,
    text            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    seq             INTEGER NOT NULL
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);
-- The event log. `body` is the whole event as served (JSON), so catch-up and
-- the stream send it without re-encoding.
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL, -- a v4 UUID: unique by construction, no index needed
    type        TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    body        TEXT NOT NULL
);
-- One row: the newest seq ever assigned (survives compaction, so seqs are
-- never reused) and the newest seq deleted by retention.
CREATE TABLE log_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq        INTEGER NOT NULL,
    expired_through INTEGER NOT NULL
);
INSERT INTO log_state (id, last_seq, expired_through) VALUES (1, 0, 0);
-- Responses of agent writes by idempotency key, per user.
CREATE TABLE idempotency (
    user_id     INTEGER NOT NULL REFERENCES users (id),
    key         TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    response    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
);
"#;

/// Opens (creating if missing) the database at `path` and brings its schema
/// up to date. Used by the server and by `token create`.
pub fn open_writer(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrate(&mut conn)?;
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

fn migrate(conn: &mut Connection) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(Error::Internal(format!(
            "database schema version {version} is newer than this server ({SCHEMA_VERSION})"
        )));
    }
    if version < 1 {
        let tx = conn.transaction()?;
        tx.execute_batch(SCHEMA_V1)?;
        tx.pragma_update(None, "user_version", 1)?;
        tx.commit()?;
    }
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
        let last_seq = log_state(&writer)?.last_seq;
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

pub(crate) fn user_by_token_hash(conn: &Connection, hash: &str) -> Result<Option<Me>> {
    let mut stmt = conn.prepare_cached("SELECT id, name, role FROM users WHERE token_hash = ?1")?;
    let me = stmt
        .query_row([hash], |r| {
            let role: String = r.get(2)?;
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, role))
        })
        .optional()?;
    me.map(|(id, name, role)| {
        Ok(Me {
            id,
            name,
            role: role_from_str(&role)?,
        })
    })
    .transpose()
}

pub(crate) const CONTACT_COLUMNS: &str =
    "id, name, phone, email, external_id, chat_id, attributes, created_at, updated_seq";
pub(crate) const CONVERSATION_COLUMNS: &str = "id, contact_id, channel, status, assistant_state, \
     transfer_reason, transferred_at, created_at, last_activity_at, last_message_preview, updated_seq";
pub(crate) const MESSAGE_COLUMNS: &str =
    "id, conversation_id, author, agent_id, agent_name, text, created_at, seq";

pub(crate) fn contact_from_row(r: &Row<'_>) -> rusqlite::Result<Contact> {
    let attributes: String = r.get(6)?;
    Ok(Contact {
        id: r.get(0)?,
        name: r.get(1)?,
        phone: r.get(2)?,
        email: r.get(3)?,
        external_id: r.get(4)?,
        chat_id: r.get(5)?,
        attributes: serde_json::from_str::<BTreeMap<String, String>>(&attributes)
            .map_err(|e| conversion_error(6, e))?,
        created_at: r.get(7)?,
        updated_seq: r.get(8)?,
    })
}

pub(crate) fn conversation_from_row(r: &Row<'_>) -> rusqlite::Result<Conversation> {
    let status: String = r.get(3)?;
    let state: String = r.get(4)?;
    Ok(Conversation {
        id: r.get(0)?,
        contact_id: r.get(1)?,
        channel: r.get(2)?,
        status: status_from_str(&status).map_err(|e| conversion_error(3, e))?,
        assistant_state: assistant_state_from_str(&state).map_err(|e| conversion_error(4, e))?,
        transfer_reason: r.get(5)?,
        transferred_at: r.get(6)?,
        created_at: r.get(7)?,
        last_activity_at: r.get(8)?,
        last_message_preview: r.get(9)?,
        updated_seq: r.get(10)?,
    })
}

pub(crate) fn message_from_row(r: &Row<'_>) -> rusqlite::Result<Message> {
    let author: String = r.get(2)?;
    Ok(Message {
        id: r.get(0)?,
        conversation_id: r.get(1)?,
        author: author_from_str(&author).map_err(|e| conversion_error(2, e))?,
        agent_id: r.get(3)?,
        agent_name: r.get(4)?,
        text: r.get(5)?,
        created_at: r.get(6)?,
        seq: r.get(7)?,
    })
}

fn conversion_error(
    column: usize,
    e: impl std::error::Error + Send + Sync + 'static,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e))
}

pub(crate) fn contact(conn: &Connection, id: i64) -> Result<Option<Contact>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = ?1"
    ))?;
    Ok(stmt.query_row([id], contact_from_row).optional()?)
}

pub(crate) fn conversation(conn: &Connection, id: i64) -> Result<Option<Conversation>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE id = ?1"
    ))?;
    Ok(stmt.query_row([id], conversation_from_row).optional()?)
}

/// Conversations with `id > after_id`, in id order, at most `limit`.
pub(crate) fn conversations_after(
    conn: &Connection,
    after_id: i64,
    limit: u32,
) -> Result<Vec<Conversation>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE id > ?1 ORDER BY id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![after_id, limit], conversation_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The conversations with the newest activity.
pub(crate) fn recent_conversations(conn: &Connection, limit: u32) -> Result<Vec<Conversation>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONVERSATION_COLUMNS} FROM conversations ORDER BY last_activity_at DESC, id DESC LIMIT ?1"
    ))?;
    let rows = stmt.query_map([limit], conversation_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn count_conversations(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM conversations", [], |r| r.get(0))?)
}

/// A conversation's messages older than `before` (a message id; `None` =
/// newest), newest first, at most `limit`, and whether older ones remain.
pub(crate) fn messages_before(
    conn: &Connection,
    conversation_id: i64,
    before: Option<i64>,
    limit: u32,
) -> Result<(Vec<Message>, bool)> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ?1 AND id < ?2 \
         ORDER BY id DESC LIMIT ?3"
    ))?;
    let rows = stmt.query_map(
        params![
            conversation_id,
            before.unwrap_or(i64::MAX),
            i64::from(limit) + 1
        ],
        message_from_row,
    )?;
    let mut messages: Vec<Message> = rows.collect::<rusqlite::Result<_>>()?;
    let has_more = messages.len() > limit as usize;
    messages.truncate(limit as usize);
    Ok((messages, has_more))
}

/// A contact's conversations, newest activity first.
pub(crate) fn conversations_of_contact(
    conn: &Connection,
    contact_id: i64,
) -> Result<Vec<Conversation>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE contact_id = ?1 \
         ORDER BY last_activity_at DESC, id DESC"
    ))?;
    let rows = stmt.query_map([contact_id], conversation_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, thiserror::Error)]
#[error("unknown {kind} value {value:?} in the database")]
pub(crate) struct UnknownValue {
    kind: &'static str,
    value: String,
}

fn unknown(kind: &'static str, value: &str) -> UnknownValue {
    UnknownValue {
        kind,
        value: value.to_owned(),
    }
}

pub(crate) fn role_str(role: Role) -> &'static str {
    match role {
        Role::Agent => "agent",
        Role::Manager => "manager",
    }
}

fn role_from_str(s: &str) -> Result<Role> {
    match s {
        "agent" => Ok(Role::Agent),
        "manager" => Ok(Role::Manager),
        other => Err(Error::Internal(unknown("role", other).to_string())),
    }
}

pub(crate) fn status_str(status: ConversationStatus) -> &'static str {
    match status {
        ConversationStatus::Open => "open",
        ConversationStatus::Closed => "closed",
        ConversationStatus::Transferred => "transferred",
    }
}

fn status_from_str(s: &str) -> Result<ConversationStatus, UnknownValue> {
    match s {
        "open" => Ok(ConversationStatus::Open),
        "closed" => Ok(ConversationStatus::Closed),
        "transferred" => Ok(ConversationStatus::Transferred),
        other => Err(unknown("status", other)),
    }
}

pub(crate) fn assistant_state_str(state: AssistantState) -> &'static str {
    match state {
        AssistantState::Active => "active",
        AssistantState::Paused => "paused",
        AssistantState::Blocked => "blocked",
    }
}

fn assistant_state_from_str(s: &str) -> Result<AssistantState, UnknownValue> {
    match s {
        "active" => Ok(AssistantState::Active),
        "paused" => Ok(AssistantState::Paused),
        "blocked" => Ok(AssistantState::Blocked),
        other => Err(unknown("assistant state", other)),
    }
}

pub(crate) fn author_str(author: Author) -> &'static str {
    match author {
        Author::Customer => "customer",
        Author::Assistant => "assistant",
        Author::Agent => "agent",
        Author::System => "system",
    }
}

fn author_from_str(s: &str) -> Result<Author, UnknownValue> {
    match s {
        "customer" => Ok(Author::Customer),
        "assistant" => Ok(Author::Assistant),
        "agent" => Ok(Author::Agent),
        "system" => Ok(Author::System),
        other => Err(unknown("author", other)),
    }
}
