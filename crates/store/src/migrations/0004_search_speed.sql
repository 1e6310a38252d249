-- Version 4: a prefix index on names and emails for every type-ahead length
-- up to ten letters.
--
-- Without its own index, FTS5 answers a prefix (`silv*`, or the `com*` that
-- ends a typed email) by merging the document lists of every word it
-- begins before it returns a first row: about a millisecond for a last name
-- (`silva`, `silva12`, `silva345`, ... from the emails), ten or more for
-- `com`, which is in every email. With one, a prefix is read like a single
-- word, lazily. Longer prefixes are rare and select few rows.
--
-- The cost is paid on contact writes only (messages are not affected):
-- writing 100k contacts in transactions of 1,000 took about 2.7 s instead
-- of 1.1 s, next to about 105 s for applying the store bench's 100k
-- conversations and 1M messages. This migration takes 1 to 2 s on that
-- cache.
--
-- FTS5 cannot add prefix indexes to a table: it is made again and refilled
-- with what the store writes into it (`apply.rs`, `write_search_index`).

DROP TABLE contact_fts;
CREATE VIRTUAL TABLE contact_fts USING fts5 (
    name, email,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4 5 6 7 8 9 10'
);
INSERT INTO contact_fts (rowid, name, email) SELECT id, name, coalesce(email, '') FROM contacts;
