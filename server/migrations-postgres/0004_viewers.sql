-- Presence (issue 20): who has which conversation open right now, one row
-- per open event stream. The server holding the stream keeps `seen_at`
-- fresh (`store::presence::BEAT`) while the stream is open and deletes the
-- row when it ends; a row not refreshed for `store::presence::STALE` (its
-- server died, or its delete failed) no longer counts, and is deleted
-- later.
CREATE TABLE viewers (
    stream_id       TEXT PRIMARY KEY,
    conversation_id BIGINT NOT NULL,
    agent_id        TEXT NOT NULL,
    agent_name      TEXT NOT NULL,
    seen_at         BIGINT NOT NULL
);
CREATE INDEX viewers_by_conversation ON viewers (conversation_id);
