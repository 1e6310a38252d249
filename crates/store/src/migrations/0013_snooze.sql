-- Version 13: a conversation put off by a person until later (Chatwoot's
-- `snoozed`). `snoozed` 0: not snoozed; 1: snoozed until `snoozed_until`
-- (ms), or, when that is NULL, until the customer next writes. Nothing
-- filters or counts by it, so it needs no index.
ALTER TABLE conversations ADD COLUMN snoozed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN snoozed_until INTEGER;
