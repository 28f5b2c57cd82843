-- Who did what (issue 16), as SQLite's 0006_actors.sql: every note names
-- its author by id and name, every case its owner and creator, and every
-- change to a conversation's links is kept with who made it and when.
ALTER TABLE timeline_items ADD COLUMN author_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN owner_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN created_by_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN created_by TEXT COLLATE "C" NOT NULL DEFAULT '';

-- Rows written before: "You" was the one anonymous demo agent; the seed's
-- agents get their ids (seed/words.rs, AGENTS); any other name, such as a
-- customer's own e-mail, is named by itself.
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

CREATE TABLE link_changes (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    link            TEXT COLLATE "C" NOT NULL CHECK (link IN ('customer', 'case')),
    record_kind     TEXT COLLATE "C" CHECK (record_kind IN ('contact', 'account', 'case')),
    record_id       BIGINT,
    agent_id        TEXT COLLATE "C" NOT NULL,
    agent_name      TEXT COLLATE "C" NOT NULL,
    at              BIGINT NOT NULL
);
CREATE INDEX link_changes_by_link ON link_changes (conversation_id, link, id DESC);
