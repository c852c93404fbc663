-- Whether a rule is enabled, kept across restarts and shared by every instance. A rule without a row is enabled.
CREATE TABLE rule_states (
    rule_id    VARCHAR(64) NOT NULL PRIMARY KEY,
    enabled    BOOLEAN     NOT NULL,
    changed_at BIGINT      NOT NULL
);
