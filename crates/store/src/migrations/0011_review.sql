-- The daily review (see `review/`): what messages mean, the history of
-- transfers, and which review items the user has looked at.

-- Cache: a message's meaning. `said_unanswered` is the server's marker on
-- assistant messages (NULL: it did not say); `unanswered` is what the
-- review uses: the marker where present, else the user's phrases (see
-- `review/phrases.rs`). `topics`: the built-in topics a customer message
-- is about, as bits (see `review/topics.rs`); `question_key`: a customer
-- message's words as the review groups questions (`review/words.rs`).
-- They are worked out when a message is stored; this migration's hook
-- works them out for the messages already cached. `event`: the JSON of a
-- system message's event.
ALTER TABLE messages ADD COLUMN said_unanswered INTEGER;
ALTER TABLE messages ADD COLUMN unanswered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN topics INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN question_key TEXT;
ALTER TABLE messages ADD COLUMN event TEXT;

-- The review reads a period's customer messages (for the user's own
-- topics), messages about a built-in topic and unanswered replies, by
-- time. Messages arrive in time order, so these entries are appended at
-- the end of each index, not written at random places.
CREATE INDEX messages_customer_by_time ON messages (created_at) WHERE author = 'customer';
CREATE INDEX messages_topical_by_time ON messages (created_at) WHERE topics <> 0;
CREATE INDEX messages_unanswered_by_time ON messages (created_at) WHERE unanswered = 1;

-- Durable: every transfer seen, kept when its conversation is reopened,
-- closed, or the cache is emptied for a new bootstrap (the server's
-- snapshot holds only each conversation's last transfer).
CREATE TABLE transfer_history (
    conversation_id      INTEGER NOT NULL,
    transferred_at       INTEGER NOT NULL,
    contact_id           INTEGER NOT NULL,
    reason               TEXT,
    message_id           INTEGER,          -- its system message, once seen
    first_human_reply_at INTEGER,          -- the first agent message after it
    resolved_at          INTEGER,
    resolution           TEXT CHECK (resolution IN ('resumed', 'closed')),
    PRIMARY KEY (conversation_id, transferred_at)
) WITHOUT ROWID;
CREATE INDEX transfer_history_by_time ON transfer_history (transferred_at);
CREATE INDEX transfer_history_by_contact ON transfer_history (contact_id, transferred_at);

-- Durable: review items marked reviewed, by their key (`ReviewItemKey`).
CREATE TABLE review_marks (
    item      TEXT PRIMARY KEY,
    marked_at INTEGER NOT NULL
) WITHOUT ROWID;
