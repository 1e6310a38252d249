-- Version 3: who handles a conversation. Both NULL: nobody. The name is
-- kept beside the id so that reads and events name the user without a join
-- (and still name them once their token is revoked).
ALTER TABLE conversations ADD COLUMN assignee_id INTEGER REFERENCES users (id);
ALTER TABLE conversations ADD COLUMN assignee_name TEXT;
