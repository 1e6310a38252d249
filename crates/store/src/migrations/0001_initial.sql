-- Version 1: the cache of the server's state and the durable local state.
--
-- Cache tables (contacts, conversations, messages) hold a copy of what the
-- server said; `reset_cache_for_rebootstrap` empties them and a new bootstrap
-- fills them again. Durable tables (sync_state, outbox, transfer_ledger,
-- settings) hold what exists only on this machine: they are never emptied,
-- and every later migration must carry their rows forward.

-- ---------------------------------------------------------------- cache ---

CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    phone       TEXT,
    email       TEXT,
    external_id TEXT,
    chat_id     TEXT,
    attributes  TEXT    NOT NULL DEFAULT '{}', -- JSON object of strings
    created_at  INTEGER NOT NULL,
    updated_seq INTEGER NOT NULL
);

CREATE TABLE conversations (
    id                   INTEGER PRIMARY KEY,
    contact_id           INTEGER NOT NULL,
    channel              TEXT    NOT NULL,
    status               TEXT    NOT NULL,  -- open | closed | transferred
    assistant_state      TEXT    NOT NULL,  -- active | paused | blocked
    transfer_reason      TEXT,
    transferred_at       INTEGER,
    created_at           INTEGER NOT NULL,
    last_activity_at     INTEGER NOT NULL,
    last_message_preview TEXT,
    updated_seq          INTEGER NOT NULL
);
-- The list is read newest activity first, keyset-paged on (last_activity_at, id):
-- one index for "All", one per status filter.
CREATE INDEX conversations_by_activity ON conversations (last_activity_at DESC, id DESC);
CREATE INDEX conversations_by_status ON conversations (status, last_activity_at DESC, id DESC);
CREATE INDEX conversations_by_contact ON conversations (contact_id); -- a contact has few conversations: sorted in memory

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id),
    author          TEXT    NOT NULL,       -- customer | assistant | agent | system
    agent_id        INTEGER,
    agent_name      TEXT,
    text            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    seq             INTEGER NOT NULL
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, id);

-- ------------------------------------------------------ durable state ---

-- One row: where the cache stands in the server's event log.
CREATE TABLE sync_state (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    applied_seq         INTEGER,           -- NULL until a bootstrap finished
    snapshot_seq        INTEGER,           -- not NULL while a bootstrap is under way
    next_page_token     TEXT,
    pages_done          INTEGER NOT NULL DEFAULT 0,
    conversations_done  INTEGER NOT NULL DEFAULT 0,
    total_conversations INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_state (id) VALUES (1);

-- Agent writes, stored before any network call.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: ids reach the UI
    conversation_id INTEGER NOT NULL,
    idempotency_key TEXT    NOT NULL UNIQUE,
    action          TEXT    NOT NULL,      -- JSON of OutboxAction
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    error           TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    sent_seq        INTEGER
);
CREATE INDEX outbox_by_conversation ON outbox (conversation_id, id);

-- Every transfer seen on this machine, so that each is notified exactly once.
CREATE TABLE transfer_ledger (
    conversation_id INTEGER NOT NULL,
    transferred_at  INTEGER NOT NULL,
    summarised      INTEGER NOT NULL,      -- 1: found by a bootstrap, only ever offered in a summary
    recorded_seq    INTEGER NOT NULL,
    notified        INTEGER NOT NULL DEFAULT 0,
    reminded_at     INTEGER,
    PRIMARY KEY (conversation_id, transferred_at)
) WITHOUT ROWID;
CREATE INDEX transfer_ledger_unnotified ON transfer_ledger (conversation_id) WHERE notified = 0;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL                    -- JSON
) WITHOUT ROWID;
