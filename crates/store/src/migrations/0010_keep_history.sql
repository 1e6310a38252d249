-- Version 10: keeping history for a period ("keep history for: 90 days").
--
-- The user may keep only recent history: messages older than a cut-off are
-- pruned from the cache and not downloaded. The screen must then say that
-- older messages are not kept rather than claim the start of a history, or
-- that they are still to download.

-- The cut-off in force (milliseconds): messages older than this are not
-- kept. NULL: all history is kept. Not emptied with the cache.
ALTER TABLE sync_state ADD COLUMN keep_since INTEGER;

-- The cache holds every message of the conversation created at or after
-- this time (its older messages were pruned, or a download stopped at the
-- cut-off). NULL: not known.
ALTER TABLE conversations ADD COLUMN kept_since INTEGER;

-- Pruning finds what is older than the cut-off without reading every
-- message. Messages arrive newest last, so this index grows at its end.
CREATE INDEX messages_by_time ON messages (created_at);
