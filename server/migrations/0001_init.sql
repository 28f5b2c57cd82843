-- Customer Summary schema. Times are INTEGER milliseconds since the Unix
-- epoch (UTC). Enumerations are stored as the model's snake_case strings.

CREATE TABLE accounts (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL,
    account_number     TEXT UNIQUE,
    email              TEXT,
    main_phone         TEXT,
    city               TEXT,
    country            TEXT,
    -- Accounts and contacts point at each other, so this one may be set
    -- after both rows exist.
    primary_contact_id INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE contacts (
    id             INTEGER PRIMARY KEY,
    first_name     TEXT,
    last_name      TEXT NOT NULL,
    full_name      TEXT NOT NULL
        GENERATED ALWAYS AS (coalesce(first_name || ' ', '') || last_name) STORED,
    job_title      TEXT,
    account_id     INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    email          TEXT,
    mobile_phone   TEXT,
    business_phone TEXT,
    city           TEXT,
    country        TEXT,
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE cases (
    id            INTEGER PRIMARY KEY,
    ticket_number TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    description   TEXT,
    priority      TEXT NOT NULL CHECK (priority IN ('high', 'normal', 'low')),
    status        TEXT NOT NULL CHECK (status IN ('in_progress', 'on_hold',
                      'waiting_for_details', 'researching', 'resolved', 'cancelled')),
    active        INTEGER NOT NULL
        GENERATED ALWAYS AS (status NOT IN ('resolved', 'cancelled')) VIRTUAL,
    product       TEXT,
    owner         TEXT NOT NULL,
    -- A case belongs to a contact or an account; SQLite cannot express a
    -- foreign key to one of two tables.
    customer_kind TEXT NOT NULL CHECK (customer_kind IN ('contact', 'account')),
    customer_id   INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    modified_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE conversations (
    id                    INTEGER PRIMARY KEY,
    title                 TEXT NOT NULL,
    channel               TEXT NOT NULL
        CHECK (channel IN ('chat', 'voice', 'sms', 'email', 'social')),
    status                TEXT NOT NULL CHECK (status IN ('waiting', 'active', 'closed')),
    queue                 TEXT,
    started_at            INTEGER NOT NULL,
    wait_started_at       INTEGER NOT NULL,
    accepted_at           INTEGER,
    customer_kind         TEXT CHECK (customer_kind IN ('contact', 'account')),
    customer_id           INTEGER,
    case_id               INTEGER REFERENCES cases (id) ON DELETE SET NULL,
    visitor_authenticated INTEGER NOT NULL DEFAULT 0 CHECK (visitor_authenticated IN (0, 1)),
    visitor_browser       TEXT,
    visitor_os            TEXT,
    visitor_location      TEXT,
    visitor_language      TEXT,
    CHECK ((customer_kind IS NULL) = (customer_id IS NULL))
) STRICT;

CREATE TABLE conversation_skills (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    name            TEXT NOT NULL,
    PRIMARY KEY (conversation_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE prechat_answers (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    question        TEXT NOT NULL,
    answer          TEXT,
    kind            TEXT NOT NULL
        CHECK (kind IN ('single_line', 'multi_line', 'option', 'consent')),
    PRIMARY KEY (conversation_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE journey_items (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    -- msdyn_visitorjourney's msdyn_type; unknown codes are kept, not rejected.
    type_code       INTEGER NOT NULL,
    title           TEXT NOT NULL,
    url             TEXT,
    at              INTEGER NOT NULL
) STRICT;

CREATE TABLE context_items (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    name            TEXT NOT NULL,
    value           TEXT NOT NULL,
    displayable     INTEGER NOT NULL CHECK (displayable IN (0, 1)),
    PRIMARY KEY (conversation_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE timeline_items (
    id          INTEGER PRIMARY KEY,
    record_kind TEXT NOT NULL CHECK (record_kind IN ('contact', 'account', 'case')),
    record_id   INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('note', 'email', 'phone_call', 'task',
                    'appointment', 'conversation')),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    author      TEXT NOT NULL,
    at          INTEGER NOT NULL
) STRICT;

-- A timeline page is one range scan, whatever the record's size.
CREATE INDEX timeline_items_by_record
    ON timeline_items (record_kind, record_id, at DESC, id DESC);
-- Recent cases of a customer, newest first.
CREATE INDEX cases_by_customer
    ON cases (customer_kind, customer_id, modified_at DESC, id DESC);
CREATE INDEX journey_items_by_conversation ON journey_items (conversation_id, at DESC, id DESC);
CREATE INDEX conversations_by_case ON conversations (case_id);
CREATE INDEX contacts_by_account ON contacts (account_id);
CREATE INDEX accounts_by_primary_contact ON accounts (primary_contact_id);

-- Prefix search on the product's default search fields (a later issue).
CREATE INDEX contacts_by_last_name ON contacts (lower(last_name));
CREATE INDEX contacts_by_first_name ON contacts (lower(first_name));
CREATE INDEX contacts_by_full_name ON contacts (lower(full_name));
CREATE INDEX contacts_by_email ON contacts (lower(email));
CREATE INDEX contacts_by_mobile_phone ON contacts (mobile_phone);
CREATE INDEX accounts_by_name ON accounts (lower(name));
CREATE INDEX accounts_by_email ON accounts (lower(email));
CREATE INDEX accounts_by_main_phone ON accounts (main_phone);
CREATE INDEX cases_by_title ON cases (lower(title));
