-- Accept and close (issues 19 and 20): the agent who accepted a
-- conversation through the API (`POST /conversations/{id}/accept`); null
-- while it waits, and for conversations accepted before agents were
-- recorded.
ALTER TABLE conversations ADD COLUMN accepted_by_id TEXT;
ALTER TABLE conversations ADD COLUMN accepted_by_name TEXT;
