-- The agents' inbox (`GET /conversations?status=waiting,active`, polled
-- about once a second by every agent) reads the open conversations by
-- status, in id order, without walking the closed ones, which only grow.
CREATE INDEX conversations_by_status ON conversations (status, id);
