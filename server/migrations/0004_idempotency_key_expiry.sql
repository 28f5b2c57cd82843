-- Idempotency keys are kept for a limited time (routes/idempotency.rs):
-- each stored key first removes the expired ones, found by age.
CREATE INDEX idempotency_keys_by_created_at ON idempotency_keys (created_at);
