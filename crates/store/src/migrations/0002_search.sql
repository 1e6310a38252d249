-- Version 2: full-text search.
--
-- Names and emails: unicode61 folds case and accents (`jose` finds `José`),
-- with prefix indexes for one- and two-letter type-ahead.
-- Phone numbers: a trigram index over the digits only, so any run of three
-- or more digits finds `+55 11 98765-4321` whatever the formatting.
-- Messages: an external-content index (the text is stored once, in
-- `messages`), with a three-letter prefix index for type-ahead.

ALTER TABLE contacts ADD COLUMN phone_digits TEXT NOT NULL DEFAULT ''; -- filled by the migration hook

CREATE VIRTUAL TABLE contact_fts USING fts5 (
    name, email,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2'
);
CREATE VIRTUAL TABLE contact_digits_fts USING fts5 (digits, tokenize = 'trigram');
CREATE VIRTUAL TABLE message_fts USING fts5 (
    text,
    content = 'messages', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3'
);

-- No triggers keep these indexes: the store writes them itself, at the end
-- of each transaction. FTS5 flushes its pending writes to a new segment at
-- every statement savepoint, and trigger-fired writes interleaved with
-- other statements made each batch write hundreds of tiny segments (10x
-- slower applies, measured). `reset_cache_for_rebootstrap` empties them.

INSERT INTO contact_fts (rowid, name, email) SELECT id, name, coalesce(email, '') FROM contacts;
INSERT INTO message_fts (message_fts) VALUES ('rebuild');
