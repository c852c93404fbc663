-- Scheduled runs record the fire time they were for and whether they caught up a missed fire; instance_id names the
-- Warden process that accepted the run, so an instance recovers only runs that no live instance owns.
ALTER TABLE runs ADD COLUMN scheduled_for BIGINT;
ALTER TABLE runs ADD COLUMN catch_up BOOLEAN;
ALTER TABLE runs ADD COLUMN instance_id VARCHAR(200);
-- The overlap check of every scheduled fire: is a run of this rule still queued or running?
CREATE INDEX runs_by_rule_status ON runs (rule_id, status);
