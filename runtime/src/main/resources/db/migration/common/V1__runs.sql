-- Every rule run, from QUEUED to its end. Times are epoch milliseconds (portable across H2 and PostgreSQL).
CREATE TABLE runs (
    id           VARCHAR(26)      NOT NULL PRIMARY KEY,
    rule_id      VARCHAR(64)      NOT NULL,
    file         VARCHAR(512),
    file_version VARCHAR(64),
    trigger_type VARCHAR(16)      NOT NULL,
    trigger_name VARCHAR(256),
    input        VARCHAR(1000000),
    status       VARCHAR(16)      NOT NULL,
    created_at   BIGINT           NOT NULL,
    started_at   BIGINT,
    finished_at  BIGINT,
    result       VARCHAR(1000000),
    error        VARCHAR(1000000),
    logs         VARCHAR(1000000)
);
CREATE INDEX runs_by_rule ON runs (rule_id, id);
CREATE INDEX runs_by_status ON runs (status, id);
CREATE INDEX runs_by_created ON runs (created_at);
