-- Version 8: who handles a conversation (the server's `assignee`). Both
-- NULL: nobody. The partial index serves the Mine filter and its count,
-- which read only the assigned conversations, however large the cache.
ALTER TABLE conversations ADD COLUMN assignee_id INTEGER;
ALTER TABLE conversations ADD COLUMN assignee_name TEXT;
CREATE INDEX conversations_by_assignee
    ON conversations (assignee_id, last_activity_at DESC, id DESC)
    WHERE assignee_id IS NOT NULL;
