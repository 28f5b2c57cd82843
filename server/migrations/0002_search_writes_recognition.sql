-- Search, writes and recognition: digits-only phones and the indexes that
-- keep every search predicate a range scan, word-prefix search in case
-- titles, the recognition outcome of each conversation, and idempotency
-- keys of create requests.

-- Phone numbers as digits only, for prefix search and for recognition
-- (digits equal). The separators the forms accept (space - . ( ) +) are
-- dropped; VIRTUAL costs no storage, the index holds the values.
ALTER TABLE contacts ADD COLUMN mobile_digits TEXT GENERATED ALWAYS AS (
    replace(replace(replace(replace(replace(replace(
        mobile_phone, ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '+', '')
) VIRTUAL;
ALTER TABLE accounts ADD COLUMN main_phone_digits TEXT GENERATED ALWAYS AS (
    replace(replace(replace(replace(replace(replace(
        main_phone, ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '+', '')
) VIRTUAL;

CREATE INDEX contacts_by_mobile_digits ON contacts (mobile_digits);
CREATE INDEX accounts_by_main_phone_digits ON accounts (main_phone_digits);
CREATE INDEX accounts_by_account_number ON accounts (lower(account_number));
CREATE INDEX cases_by_ticket_number ON cases (lower(ticket_number));

-- Words of case titles, for "a word of the title starts with q". An
-- external-content FTS5 index: the text stays in `cases`, the triggers
-- keep the index in step. unicode61 folds case and diacritics.
CREATE VIRTUAL TABLE cases_fts USING fts5 (title, content = 'cases', content_rowid = 'id');

CREATE TRIGGER cases_fts_after_insert AFTER INSERT ON cases BEGIN
    INSERT INTO cases_fts (rowid, title) VALUES (new.id, new.title);
END;

CREATE TRIGGER cases_fts_after_delete AFTER DELETE ON cases BEGIN
    INSERT INTO cases_fts (cases_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;

CREATE TRIGGER cases_fts_after_update AFTER UPDATE OF title ON cases BEGIN
    INSERT INTO cases_fts (cases_fts, rowid, title) VALUES ('delete', old.id, old.title);
    INSERT INTO cases_fts (rowid, title) VALUES (new.id, new.title);
END;

INSERT INTO cases_fts (cases_fts) VALUES ('rebuild');

-- What recognising the customer from the pre-chat answers found; NULL
-- until it has run. It runs once per conversation.
ALTER TABLE conversations ADD COLUMN recognition TEXT
    CHECK (recognition IN ('linked', 'several', 'no_match', 'already_linked'));

-- One row per Idempotency-Key: the request it was first used with
-- (scope and a SHA-256 of the body) and the response then sent, which a
-- retry with the same key and request gets again.
CREATE TABLE idempotency_keys (
    key          TEXT PRIMARY KEY,
    scope        TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT NOT NULL,
    created_at   INTEGER NOT NULL
) STRICT;
