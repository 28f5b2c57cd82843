-- Presence (issue 20): who has which conversation open right now, one row
-- per open event stream. The server holding the stream keeps `seen_at`
-- fresh (`store::presence::BEAT`) and deletes the row when the stream
-- ends; a row not refreshed for `store::presence::STALE` (its server died)
-- no longer counts, and is deleted later.
CREATE TABLE viewers (
    stream_id       TEXT PRIMARY KEY,
    server_id       TEXT NOT NULL,
    conversation_id INTEGER NOT NULL,
    agent_id        TEXT NOT NULL,
    agent_name      TEXT NOT NULL,
    seen_at         INTEGER NOT NULL
);
CREATE INDEX viewers_by_conversation ON viewers (conversation_id);
CREATE INDEX viewers_by_server ON viewers (server_id);
