-- Version 6: whether the cache holds a conversation's whole history.
--
-- The first sync brings only each conversation's recent messages. The
-- screen must not claim "Start of the conversation" above a history that
-- is cut: a conversation's history is complete in the cache when it holds
-- as many messages as the server counts (`message_count`, from the server's
-- snapshot of the conversation), or when the server said there is nothing
-- older (`history_complete`, for servers that do not count).

ALTER TABLE conversations ADD COLUMN message_count INTEGER;      -- the server's count; NULL: unknown
ALTER TABLE conversations ADD COLUMN cached_messages INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN history_complete INTEGER NOT NULL DEFAULT 0;

UPDATE conversations SET cached_messages = (
    SELECT count(*) FROM messages m WHERE m.conversation_id = conversations.id
);

-- The background download of the whole history, resumable: the id below
-- which messages are still to fetch (NULL: not started), and whether it
-- reached the oldest message. Emptied with the cache.
ALTER TABLE sync_state ADD COLUMN history_before INTEGER;
ALTER TABLE sync_state ADD COLUMN history_done INTEGER NOT NULL DEFAULT 0;
