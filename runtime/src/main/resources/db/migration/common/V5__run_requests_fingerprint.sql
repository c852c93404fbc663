-- The SHA-256 of the input a key was first sent with: the same key with another input is refused (422), not answered
-- with the first request's runs. Null for keys stored before; those are not checked.
ALTER TABLE run_requests ADD COLUMN fingerprint VARCHAR(64);
