-- Live updates (issue 20): every change the API makes to what a
-- conversation's summary shows is appended, in the same transaction, to
-- that conversation's event log, numbered 1, 2, 3… per conversation.
-- `conversations.event_seq` is the last number given: bumping it locks
-- the row, which orders two writers of one conversation on any server.
-- Each append also notifies `customer_summary_events` with the
-- conversation's id, delivered to every server's listener at commit.
ALTER TABLE conversations ADD COLUMN event_seq BIGINT NOT NULL DEFAULT 0;

CREATE TABLE events (
    conversation_id BIGINT NOT NULL,
    seq             BIGINT NOT NULL,
    -- The event as sent (`model::LiveEvent`, JSON).
    data            TEXT NOT NULL,
    at              BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);
CREATE INDEX events_at ON events (at);

-- A note reaches the logs of the conversations showing its record.
CREATE INDEX conversations_by_customer ON conversations (customer_kind, customer_id);
