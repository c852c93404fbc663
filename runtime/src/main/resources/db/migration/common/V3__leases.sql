-- Admin-key leases: the key's state per site, every lease, and the audit trail. Times are epoch milliseconds.
CREATE TABLE admin_key_state (
    site         VARCHAR(256) NOT NULL PRIMARY KEY,
    state        VARCHAR(16)  NOT NULL,
    expires_at   BIGINT,
    revoked_all  BOOLEAN      NOT NULL,
    updated_at   BIGINT       NOT NULL
);
CREATE TABLE leases (
    id           VARCHAR(26)  NOT NULL PRIMARY KEY,
    site         VARCHAR(256) NOT NULL,
    instance_id  VARCHAR(128) NOT NULL,
    rule_id      VARCHAR(64)  NOT NULL,
    run_id       VARCHAR(26)  NOT NULL,
    request_id   VARCHAR(256),
    minutes      INT          NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    acquired_at  BIGINT       NOT NULL,
    hold_until   BIGINT       NOT NULL,
    released_at  BIGINT
);
CREATE INDEX leases_active ON leases (site, status);
CREATE TABLE lease_audit (
    id           VARCHAR(26)  NOT NULL PRIMARY KEY,
    at           BIGINT       NOT NULL,
    site         VARCHAR(256) NOT NULL,
    account      VARCHAR(256),
    action       VARCHAR(32)  NOT NULL,
    rule_id      VARCHAR(64),
    run_id       VARCHAR(26),
    request_id   VARCHAR(256),
    expires_at   BIGINT,
    detail       VARCHAR(4000)
);
CREATE INDEX lease_audit_by_run ON lease_audit (run_id);
CREATE INDEX lease_audit_by_time ON lease_audit (at);
