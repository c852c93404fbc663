-- Scheduled fires of a concurrency 'queue' rule that wait for the rule's run in progress. Kept here, not only in
-- memory, so that they run after a restart or a crash (and in a cluster, on a survivor) instead of vanishing.
-- Times are epoch milliseconds.
CREATE TABLE waiting_fires (
    id           VARCHAR(26)   NOT NULL PRIMARY KEY,
    instance_id  VARCHAR(200)  NOT NULL,
    rule_id      VARCHAR(64)   NOT NULL,
    event        VARCHAR(8000) NOT NULL,
    queued_at    BIGINT        NOT NULL
);
