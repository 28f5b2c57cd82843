-- Live updates (issue 20): every change the API makes to what a
-- conversation's summary shows is appended, in the same transaction, to
-- that conversation's event log, numbered 1, 2, 3… per conversation.
-- `conversations.event_seq` is the last number given: bumping it is what
-- orders two writers of one conversation. Events are kept for at least
-- `store::events::RETENTION`; a stream that resumes after an older one
-- is told to reload.
ALTER TABLE conversations ADD COLUMN event_seq INTEGER NOT NULL DEFAULT 0;

CREATE TABLE events (
    -- Commit order on this single-writer database: how a write finds the
    -- events it appended, to wake the streams that show them.
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL,
    seq             INTEGER NOT NULL,
    -- The event as sent (`model::LiveEvent`, JSON).
    data            TEXT NOT NULL,
    at              INTEGER NOT NULL,
    UNIQUE (conversation_id, seq)
);
CREATE INDEX events_at ON events (at);

-- A note reaches the logs of the conversations showing its record.
CREATE INDEX conversations_by_customer ON conversations (customer_kind, customer_id);
