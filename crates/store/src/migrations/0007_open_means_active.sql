-- Version 7: the Open filter means what the product guide says, "the
-- assistant is actively responding": open, with the assistant active. Its
-- count is kept by triggers like the per-status counts (migration 3), under
-- the key 'open_active'.

INSERT INTO conversation_counts (status, n)
    SELECT 'open_active', count(*) FROM conversations
    WHERE status = 'open' AND assistant_state = 'active';

CREATE TRIGGER conversations_open_active_insert AFTER INSERT ON conversations
WHEN new.status = 'open' AND new.assistant_state = 'active' BEGIN
    UPDATE conversation_counts SET n = n + 1 WHERE status = 'open_active';
END;
CREATE TRIGGER conversations_open_active_delete AFTER DELETE ON conversations
WHEN old.status = 'open' AND old.assistant_state = 'active' BEGIN
    UPDATE conversation_counts SET n = n - 1 WHERE status = 'open_active';
END;
CREATE TRIGGER conversations_open_active_update AFTER UPDATE OF status, assistant_state ON conversations
WHEN (old.status = 'open' AND old.assistant_state = 'active')
     IS NOT (new.status = 'open' AND new.assistant_state = 'active') BEGIN
    UPDATE conversation_counts
    SET n = n + (CASE WHEN new.status = 'open' AND new.assistant_state = 'active' THEN 1 ELSE -1 END)
    WHERE status = 'open_active';
END;
