-- Who did what (issue 16): every note names its author by id and name,
-- every case its owner and creator, and every change to a conversation's
-- links is kept with the agent who made it and when. Names are stored as
-- they were when the agent acted.
ALTER TABLE timeline_items ADD COLUMN author_id TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN owner_id TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN created_by_id TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN created_by TEXT NOT NULL DEFAULT '';

-- Rows written before: "You" was the one anonymous demo agent; the demo
-- agents of the seed get their ids (seed/words.rs, AGENTS); any other
-- name, such as a customer's own e-mail, is named by itself.
CREATE TEMPORARY TABLE legacy_agents (name TEXT PRIMARY KEY, id TEXT NOT NULL, shown TEXT NOT NULL);
INSERT INTO legacy_agents (name, id, shown) VALUES
    ('You', 'demo', 'Demo agent'),
    ('Aisha Rahman', 'aisha.rahman', 'Aisha Rahman'),
    ('Ben Carter', 'ben.carter', 'Ben Carter'),
    ('Chen Jing', 'chen.jing', 'Chen Jing'),
    ('Diego Fernández', 'diego.fernandez', 'Diego Fernández'),
    ('Elena Popescu', 'elena.popescu', 'Elena Popescu'),
    ('Farid Haddad', 'farid.haddad', 'Farid Haddad'),
    ('Grace O''Connor', 'grace.oconnor', 'Grace O''Connor'),
    ('Hannah Schmidt', 'hannah.schmidt', 'Hannah Schmidt');
UPDATE timeline_items SET
    author_id = coalesce((SELECT id FROM legacy_agents WHERE name = author), 'name:' || author),
    author = coalesce((SELECT shown FROM legacy_agents WHERE name = author), author);
UPDATE cases SET
    owner_id = coalesce((SELECT id FROM legacy_agents WHERE name = owner), 'name:' || owner),
    owner = coalesce((SELECT shown FROM legacy_agents WHERE name = owner), owner);
UPDATE cases SET created_by_id = owner_id, created_by = owner;
DROP TABLE legacy_agents;

-- Every link and unlink: the record linked (none when unlinked), by whom,
-- when. The last row of a link is its current state's origin.
CREATE TABLE link_changes (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    link            TEXT NOT NULL CHECK (link IN ('customer', 'case')),
    record_kind     TEXT CHECK (record_kind IN ('contact', 'account', 'case')),
    record_id       INTEGER,
    agent_id        TEXT NOT NULL,
    agent_name      TEXT NOT NULL,
    at              INTEGER NOT NULL
) STRICT;
CREATE INDEX link_changes_by_link ON link_changes (conversation_id, link, id DESC);
