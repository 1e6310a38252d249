-- Version 3: a count per status, kept by triggers, so the filter counts
-- cost one tiny read however large the cache is.

CREATE TABLE conversation_counts (
    status TEXT PRIMARY KEY,
    n      INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO conversation_counts (status, n)
    SELECT s.column1, (SELECT count(*) FROM conversations c WHERE c.status = s.column1)
    FROM (VALUES ('open'), ('closed'), ('transferred')) AS s;

CREATE TRIGGER conversations_count_insert AFTER INSERT ON conversations BEGIN
    UPDATE conversation_counts SET n = n + 1 WHERE status = new.status;
END;
CREATE TRIGGER conversations_count_delete AFTER DELETE ON conversations BEGIN
    UPDATE conversation_counts SET n = n - 1 WHERE status = old.status;
END;
CREATE TRIGGER conversations_count_update AFTER UPDATE OF status ON conversations
WHEN old.status IS NOT new.status BEGIN
    UPDATE conversation_counts SET n = n - 1 WHERE status = old.status;
    UPDATE conversation_counts SET n = n + 1 WHERE status = new.status;
END;
