-- Version 2: tokens that can expire and be revoked, and idempotency records
-- that expire. A NULL `expires_at` never expires; a NULL `revoked_at` is not
-- revoked. The index lets each write delete the expired records cheaply.
ALTER TABLE users ADD COLUMN expires_at INTEGER;
ALTER TABLE users ADD COLUMN revoked_at INTEGER;
CREATE INDEX idempotency_created_at ON idempotency (created_at);
