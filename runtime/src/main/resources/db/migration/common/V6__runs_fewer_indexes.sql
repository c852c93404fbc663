-- Every run insert (the run writer's hot path) also updates each secondary index of runs; these two cost it about
-- 15% and are not needed: run ids are ULIDs minted from the same clock reading as created_at (never with an earlier
-- time), so the primary key orders runs by creation time. Retention deletes by id range instead of runs_by_created,
-- and the overlap check of scheduled fires reads runs_by_rule (rule_id, id) from an id bound instead of
-- runs_by_rule_status.
DROP INDEX IF EXISTS runs_by_created;
DROP INDEX IF EXISTS runs_by_rule_status;
