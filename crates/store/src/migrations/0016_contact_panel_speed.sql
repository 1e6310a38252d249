-- Version 16: the contact panel's reads bounded by the conversation, not
-- by the cache.
--
-- For each of a contact's conversations the panel shows its first question
-- and how many replies went unanswered. Messages have no index by
-- conversation (see `chain.rs`), so both were read from an index by time
-- of every customer message, or every unanswered one, checking each for
-- the conversation: 433 ms for one conversation in a cache of 1M messages,
-- on every click.

-- The conversation's first customer message the cache holds (ids follow
-- time within a conversation); kept as messages are stored.
ALTER TABLE conversations ADD COLUMN first_question_id INTEGER;
UPDATE conversations SET first_question_id = f.id
FROM (SELECT conversation_id, min(id) AS id FROM messages
      WHERE author = 'customer' GROUP BY conversation_id) AS f
WHERE f.conversation_id = conversations.id;

-- Unanswered replies are few, and re-judged when the user changes the
-- phrases: an index keeps their count right whatever changes it.
CREATE INDEX messages_unanswered_by_conversation ON messages (conversation_id)
    WHERE unanswered = 1;
