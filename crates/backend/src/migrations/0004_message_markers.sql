-- Version 3: what a message means, as data. `unanswered`: an assistant
-- reply that admits it could not answer. `event`: the JSON of the
-- `SystemEvent` a system message reports (NULL for other messages, and for
-- system messages written before this version).
ALTER TABLE messages ADD COLUMN unanswered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN event TEXT;
