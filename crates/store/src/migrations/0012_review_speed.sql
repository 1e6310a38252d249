-- The review's speed (see `review/`). Its two biggest readers, recurring
-- topics and leads gone quiet, read a period's topical messages only for
-- what this index holds: the order they are read in (time, then id), the
-- topic bits, the conversation and the question's words. Holding them in
-- the index makes those reads one sequential scan of it, no row of the
-- table looked up per message (the text of the few messages the review
-- shows is read afterwards, by id). Entries are still appended at the end
-- when messages arrive in time order, only wider.
DROP INDEX messages_topical_by_time;
CREATE INDEX messages_topical_by_time
    ON messages (created_at, id, topics, conversation_id, question_key)
    WHERE topics <> 0;
