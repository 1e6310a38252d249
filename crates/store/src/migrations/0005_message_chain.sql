-- Version 5: cheaper writes for a busy stream (see `chain.rs`).
--
-- A conversation's messages become a chain, newest to oldest, instead of
-- an index on (conversation_id, id) that every new message wrote into at a
-- random place. And the list of all conversations is read from the
-- per-status index (three short walks merged), instead of an index of its
-- own that every message moved an entry in.

ALTER TABLE conversations ADD COLUMN last_message_id INTEGER; -- the newest message
ALTER TABLE messages ADD COLUMN prev_id INTEGER;              -- the conversation's message before

-- Linked with the old index, before it goes.
UPDATE messages SET prev_id = (
    SELECT max(p.id) FROM messages p
    WHERE p.conversation_id = messages.conversation_id AND p.id < messages.id
);
UPDATE conversations SET last_message_id = (
    SELECT max(m.id) FROM messages m WHERE m.conversation_id = conversations.id
);

DROP INDEX messages_by_conversation;
DROP INDEX conversations_by_activity;
