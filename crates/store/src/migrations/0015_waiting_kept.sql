-- Version 15: where each transferred customer stands, kept on the
-- conversation as changes are applied (see `waiting.rs`), instead of read
-- from its messages every time it is asked.
--
-- The waiting count, the reminders and the escalations asked it of every
-- transferred conversation, one walk of messages each: with 5,000
-- transferred conversations the count alone took 85 ms, after every change.
-- Kept here, they are one range of a small index.

-- Since when the customer waits for a human; NULL: not waiting (not
-- transferred, or a human answered and the customer did not write again).
ALTER TABLE conversations ADD COLUMN waiting_since INTEGER;
-- The newest human reply since the transfer: who, when. NULL: none.
ALTER TABLE conversations ADD COLUMN replied_by TEXT;
ALTER TABLE conversations ADD COLUMN replied_at INTEGER;

-- Only waiting customers have entries; by assignee first, so "nobody's or
-- mine" is two short ranges.
CREATE INDEX conversations_waiting ON conversations (assignee_id, waiting_since)
    WHERE waiting_since IS NOT NULL;
