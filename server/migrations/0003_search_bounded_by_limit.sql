-- Search whose work is bounded by its limit, not by the number of
-- matches: each field's lookup walks an index of active rows only, in the
-- field's order and then the result's order, and stops after the first
-- few (routes/search.rs). The indexes they replace held every row in the
-- field's order alone, so a lookup had to read and sort all its matches.

-- Contacts: the field, then the result's order (lower(full_name),
-- full_name, id; the rowid ends every index). A first name is where the
-- full name starts, so full-name lookups find every first-name match.
DROP INDEX contacts_by_full_name;
DROP INDEX contacts_by_first_name;
DROP INDEX contacts_by_last_name;
DROP INDEX contacts_by_email;
DROP INDEX contacts_by_mobile_digits;
CREATE INDEX contacts_active_by_full_name ON contacts (lower(full_name), full_name) WHERE active;
CREATE INDEX contacts_active_by_last_name
    ON contacts (lower(last_name), lower(full_name), full_name) WHERE active;
CREATE INDEX contacts_active_by_email
    ON contacts (lower(email), lower(full_name), full_name) WHERE active;
CREATE INDEX contacts_active_by_mobile_digits
    ON contacts (mobile_digits, lower(full_name), full_name) WHERE active;
-- The staff of an account by name, for search by company. Deleting an
-- account still needs contacts_by_account, which holds every contact.
CREATE INDEX contacts_active_by_account
    ON contacts (account_id, lower(full_name), full_name) WHERE active;

-- Accounts: the field, then lower(name), name, id. accounts_by_name stays:
-- search by company matches the names of all accounts, closed ones too.
DROP INDEX accounts_by_email;
DROP INDEX accounts_by_account_number;
DROP INDEX accounts_by_main_phone_digits;
CREATE INDEX accounts_active_by_name ON accounts (lower(name), name) WHERE active;
CREATE INDEX accounts_active_by_account_number
    ON accounts (lower(account_number), lower(name), name) WHERE active;
CREATE INDEX accounts_active_by_email ON accounts (lower(email), lower(name), name) WHERE active;
CREATE INDEX accounts_active_by_main_phone_digits
    ON accounts (main_phone_digits, lower(name), name) WHERE active;

-- Cases: the field, then the most recently modified.
DROP INDEX cases_by_ticket_number;
DROP INDEX cases_by_title;
CREATE INDEX cases_active_by_ticket_number
    ON cases (lower(ticket_number), modified_at DESC, id DESC) WHERE active;
CREATE INDEX cases_active_by_title ON cases (lower(title), modified_at DESC, id DESC) WHERE active;
