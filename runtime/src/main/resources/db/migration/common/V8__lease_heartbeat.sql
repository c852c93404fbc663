-- Lease liveness: the instance holding a lease stamps heartbeat_at every few seconds; a lease whose holder stopped
-- stamping (its process died, whatever its instance id) is released by any instance once its run's deadline passed.
ALTER TABLE leases ADD COLUMN heartbeat_at BIGINT;
