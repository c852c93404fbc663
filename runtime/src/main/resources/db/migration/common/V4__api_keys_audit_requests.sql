-- The front door: API keys, the audit trail, idempotent requests, and what a webhook run needs after a restart.
-- Renumbered V4 (was V2_1) when schedules moved the migrations into common/ and the vendor folders.

-- API keys: only a SHA-256 hash of the secret is kept; `prefix` (the secret's first characters) finds candidates.
CREATE TABLE api_keys (
    id           VARCHAR(16)   NOT NULL PRIMARY KEY,
    name         VARCHAR(128)  NOT NULL,
    prefix       VARCHAR(16)   NOT NULL,
    hash         VARCHAR(64)   NOT NULL,
    scopes       VARCHAR(512)  NOT NULL,
    rule_limits  VARCHAR(4000),
    hook_limits  VARCHAR(4000),
    created_at   BIGINT        NOT NULL,
    created_by   VARCHAR(160),
    expires_at   BIGINT,
    revoked_at   BIGINT,
    last_used_at BIGINT
);
CREATE INDEX api_keys_by_prefix ON api_keys (prefix);

-- Who did what: key creation and revocation, refused requests. Never holds a secret.
CREATE TABLE audit (
    id      VARCHAR(26)   NOT NULL PRIMARY KEY,
    at      BIGINT        NOT NULL,
    actor   VARCHAR(160)  NOT NULL,
    action  VARCHAR(64)   NOT NULL,
    target  VARCHAR(256),
    detail  VARCHAR(2000),
    address VARCHAR(64)
);
CREATE INDEX audit_by_at ON audit (at);

-- Idempotency-Key / X-Request-Id of accepted requests: a retry within 24 h answers with the same runs.
CREATE TABLE run_requests (
    scope       VARCHAR(160)  NOT NULL,
    request_key VARCHAR(255)  NOT NULL,
    run_ids     VARCHAR(4000) NOT NULL,
    created_at  BIGINT        NOT NULL,
    PRIMARY KEY (scope, request_key)
);
CREATE INDEX run_requests_by_created ON run_requests (created_at);

-- The webhook request's headers and query, so a run recovered after a restart sees the event it was accepted with.
ALTER TABLE runs ADD COLUMN event_meta VARCHAR(65536);

-- A run's input is its whole request body (up to 10 MiB): a truncated input could neither run after a restart nor be
-- replayed. TEXT is a CLOB in H2 and TOASTed in PostgreSQL: kept apart from the row, so the RUNNING and end updates
-- of a run do not rewrite its input (in H2 that rewriting was a third of the run store's time).
ALTER TABLE runs ALTER COLUMN input SET DATA TYPE TEXT;
