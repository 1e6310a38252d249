-- Version 1: users, contacts, conversations, messages, the event log and
-- idempotency records. Every statement is exactly the schema string of the
-- first release (before numbered migrations), which left user_version = 1:
-- its databases count as migrated to this version.
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
