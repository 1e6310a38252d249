-- Escalations to managers: when this machine raised the escalation of a
-- transfer nobody took. Durable, like the rest of the ledger: a restart
-- never escalates the same transfer twice.
ALTER TABLE transfer_ledger ADD COLUMN escalated_at INTEGER;
