-- Search that ignores case and accents in every script, not only ASCII
-- case (lower()): the names and titles that may hold any letter get a
-- search key column (search_key.rs: decomposed, without accents, lower
-- case), computed by the server. Rows written before, or by other
-- programs, have NULL keys until the server fills them at start.
-- E-mails, account numbers, ticket numbers and phone digits stay as they
-- are, ASCII in practice, compared with lower().
ALTER TABLE contacts ADD COLUMN full_name_key TEXT;
ALTER TABLE contacts ADD COLUMN last_name_key TEXT;
ALTER TABLE accounts ADD COLUMN name_key TEXT;
ALTER TABLE cases ADD COLUMN title_key TEXT;

-- The same design as 0003 (the field, then the result's order, active rows
-- only), by the keys: contacts in the order of full_name_key, full_name,
-- id, so "Émile" comes next to "Emma", not after "Zoë".
DROP INDEX contacts_active_by_full_name;
DROP INDEX contacts_active_by_last_name;
DROP INDEX contacts_active_by_email;
DROP INDEX contacts_active_by_mobile_digits;
DROP INDEX contacts_active_by_account;
CREATE INDEX contacts_active_by_full_name ON contacts (full_name_key, full_name) WHERE active;
CREATE INDEX contacts_active_by_last_name
    ON contacts (last_name_key, full_name_key, full_name) WHERE active;
CREATE INDEX contacts_active_by_email
    ON contacts (lower(email), full_name_key, full_name) WHERE active;
CREATE INDEX contacts_active_by_mobile_digits
    ON contacts (mobile_digits, full_name_key, full_name) WHERE active;
CREATE INDEX contacts_active_by_account
    ON contacts (account_id, full_name_key, full_name) WHERE active;

-- Accounts in the order of name_key, name, id. accounts_by_name holds all
-- accounts, for search by company.
DROP INDEX accounts_by_name;
DROP INDEX accounts_active_by_name;
DROP INDEX accounts_active_by_account_number;
DROP INDEX accounts_active_by_email;
DROP INDEX accounts_active_by_main_phone_digits;
CREATE INDEX accounts_by_name ON accounts (name_key);
CREATE INDEX accounts_active_by_name ON accounts (name_key, name) WHERE active;
CREATE INDEX accounts_active_by_account_number
    ON accounts (lower(account_number), name_key, name) WHERE active;
CREATE INDEX accounts_active_by_email ON accounts (lower(email), name_key, name) WHERE active;
CREATE INDEX accounts_active_by_main_phone_digits
    ON accounts (main_phone_digits, name_key, name) WHERE active;

-- Cases: the title's key, then the most recently modified (the result's
-- order, which does not change).
DROP INDEX cases_active_by_title;
CREATE INDEX cases_active_by_title ON cases (title_key, modified_at DESC, id DESC) WHERE active;
