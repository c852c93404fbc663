-- A replay (POST /api/v1/rules/{id}/runs?replay=<run id>) records the run it reruns, so that its record links back.
ALTER TABLE runs ADD COLUMN replay_of VARCHAR(64);
