//! The database file across releases: a database made by the first
//! release (its schema was one string in the code, before numbered
//! migrations) opens with its rows and migrates to the very schema a new
//! one gets, a newer one is refused, and every name the protocol stores
//! fits the schema's checks.

mod common;

use std::path::Path;

use common::json;
use reqwest::StatusCode;
use rusqlite::{params, Connection};
use switchboard_protocol::{
    AssistantState, Author, Change, Conversation, ConversationStatus, Event, EventsPage, Message,
    Role,
};

/// The schema string of the first release, which it ran in one batch before
/// setting `user_version = 1`. Kept only here, as a fixture: databases it
/// made must keep opening.
const FIRST_RELEASE_SCHEMA: &str = r#"
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

/// A database as the first release left it (schema only).
fn first_release_database(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(FIRST_RELEASE_SCHEMA).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn
}

fn user_version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

/// Every table, index and trigger with the SQL that made it.
fn schema_of(path: &Path) -> Vec<(String, String, Option<String>)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT type, name, sql FROM sqlite_master \
             WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

#[tokio::test]
async fn a_database_of_the_first_release_opens_with_its_rows_and_its_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backend.db");
    let conversation = Conversation {
        id: 1,
        contact_id: 1,
        channel: "whatsapp".into(),
        status: ConversationStatus::Transferred,
        assistant_state: AssistantState::Paused,
        transfer_reason: Some("asked for a human".into()),
        transferred_at: Some(1_700_000_060_000),
        created_at: 1_700_000_000_000,
        last_activity_at: 1_700_000_060_000,
        last_message_preview: Some("Olá".into()),
        message_count: Some(1),
        assignee: None,
        snooze: None,
        updated_seq: 2,
    };
    let message = Message {
        id: 1,
        conversation_id: 1,
        author: Author::Customer,
        agent_id: None,
        agent_name: None,
        text: "Olá".into(),
        created_at: 1_700_000_030_000,
        seq: 1,
        unanswered: None,
        event: None,
    };
    {
        let conn = first_release_database(&path);
        conn.execute_batch(
            "INSERT INTO contacts (id, name, attributes, created_at, updated_seq)
                 VALUES (1, 'João', '{\"plan\":\"gold\"}', 1700000000000, 1);
             INSERT INTO conversations (id, contact_id, channel, status, assistant_state,
                 transfer_reason, transferred_at, created_at, last_activity_at,
                 last_message_preview, updated_seq)
                 VALUES (1, 1, 'whatsapp', 'transferred', 'paused', 'asked for a human',
                 1700000060000, 1700000000000, 1700000060000, 'Olá', 2);
             INSERT INTO messages (id, conversation_id, author, text, created_at, seq)
                 VALUES (1, 1, 'customer', 'Olá', 1700000030000, 1);
             UPDATE log_state SET last_seq = 2 WHERE id = 1;",
        )
        .unwrap();
        let events = [
            Change::MessageCreated {
                message: message.clone(),
                conversation: Conversation {
                    updated_seq: 1,
                    ..conversation.clone()
                },
            },
            Change::ConversationTransferred {
                conversation: conversation.clone(),
            },
        ];
        for (seq, change) in (1..).zip(events) {
            let event = Event {
                seq,
                id: format!("event-{seq}"),
                occurred_at: 1_700_000_000_000 + seq,
                change,
            };
            conn.execute(
                "INSERT INTO events (seq, id, type, occurred_at, body) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    event.seq,
                    event.id,
                    event.change.type_name(),
                    event.occurred_at,
                    serde_json::to_string(&event).unwrap()
                ],
            )
            .unwrap();
        }
    }

    let t = common::start_in(dir, |_| {}).await;
    assert_eq!(
        t.control().conversation(1).unwrap(),
        Some(conversation),
        "its conversation reads back whole, status and assistant state included"
    );
    assert_eq!(
        t.control().contact(1).unwrap().unwrap().attributes["plan"],
        "gold",
        "its contact keeps its attributes"
    );
    assert_eq!(
        t.history(1).await.messages,
        [message],
        "its messages are served"
    );
    let log: EventsPage = json(
        t.get("/v1/sync/events?after=0").send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (log.events.len(), log.last_seq),
        (2, 2),
        "its event log is served as it was"
    );
    let next = t.control().customer_message(1, "Alguém aí?").unwrap();
    assert_eq!(next.seq, 3, "new events continue its log without a gap");
    t.server.shutdown().await;
    assert_eq!(
        user_version(&path),
        4,
        "it counts as version 1 and gets only the migrations after it"
    );
}

#[test]
fn a_migrated_first_release_database_has_exactly_the_schema_of_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.db");
    let new = dir.path().join("new.db");
    drop(first_release_database(&old));
    switchboard_backend::create_token(&old, Role::Agent, "Ana", None).unwrap();
    switchboard_backend::create_token(&new, Role::Agent, "Ana", None).unwrap();
    assert_eq!(
        schema_of(&new),
        schema_of(&old),
        "migration 1 must make what the first release made, and later migrations \
         the same from there, or old databases would differ from new ones"
    );
    assert_eq!(user_version(&new), 4, "a new database is at version 4");
    assert_eq!(user_version(&old), 4, "an old one is migrated to version 4");
}

#[test]
fn a_first_release_users_token_keeps_working_without_expiry_or_revocation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backend.db");
    first_release_database(&path)
        .execute(
            "INSERT INTO users (name, role, token_hash, created_at) VALUES ('Ana', 'agent', 'h', 5)",
            [],
        )
        .unwrap();
    let tokens = switchboard_backend::list_tokens(&path).unwrap();
    assert_eq!(tokens.len(), 1);
    assert_eq!(
        (tokens[0].expires_at, tokens[0].revoked_at),
        (None, None),
        "a token made before tokens could expire never expires and is not revoked"
    );
}

#[test]
fn a_database_of_a_newer_schema_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backend.db");
    first_release_database(&path)
        .pragma_update(None, "user_version", 4)
        .unwrap();
    let refused = switchboard_backend::create_token(&path, Role::Agent, "Ana", None);
    assert!(
        refused.is_err(),
        "this server does not know version 4 and must not write into it"
    );
    assert_eq!(user_version(&path), 4, "the version is left as it was");
    let users: i64 = Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .unwrap();
    assert_eq!(users, 0, "no user was written");
}

#[test]
fn every_name_the_protocol_stores_fits_the_schema_checks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backend.db");
    switchboard_backend::create_token(&path, Role::Agent, "Ana", None).unwrap();
    let conn = Connection::open(&path).unwrap();
    for (n, role) in Role::ALL.iter().enumerate() {
        conn.execute(
            "INSERT INTO users (name, role, token_hash, created_at) VALUES ('x', ?1, ?2, 0)",
            params![role, format!("hash-{n}")],
        )
        .unwrap_or_else(|e| panic!("the users table must accept the role {role:?}: {e}"));
    }
    conn.execute(
        "INSERT INTO contacts (id, name, created_at, updated_seq) VALUES (1, 'x', 0, 0)",
        [],
    )
    .unwrap();
    for status in ConversationStatus::ALL {
        for state in AssistantState::ALL {
            conn.execute(
                "INSERT INTO conversations (contact_id, channel, status, assistant_state, \
                 created_at, last_activity_at, updated_seq) VALUES (1, 'web', ?1, ?2, 0, 0, 0)",
                params![status, state],
            )
            .unwrap_or_else(|e| {
                panic!("the conversations table must accept {status:?} and {state:?}: {e}")
            });
        }
    }
    for author in Author::ALL {
        conn.execute(
            "INSERT INTO messages (conversation_id, author, text, created_at, seq) \
             VALUES (1, ?1, 'x', 0, 0)",
            [author],
        )
        .unwrap_or_else(|e| panic!("the messages table must accept the author {author:?}: {e}"));
    }
}
