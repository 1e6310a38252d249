-- Why a write failed, as a code the page words in the user's language
-- (`error` keeps the server's own text, shown where the code is not known).
ALTER TABLE outbox ADD COLUMN error_code TEXT;
