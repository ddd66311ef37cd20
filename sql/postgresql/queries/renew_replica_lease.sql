WITH previous AS (SELECT lease_until FROM replicas WHERE replica_id = :replica_id)
INSERT INTO replicas (replica_id, replica_number, address, lease_until, stats)
VALUES (:replica_id, :replica_number, :address, now() + make_interval(secs => :lease_seconds),
        CAST(:stats AS JSONB))
ON CONFLICT (replica_id) DO UPDATE
SET lease_until = EXCLUDED.lease_until, last_seen = now(), stats = EXCLUDED.stats,
    address = EXCLUDED.address
RETURNING coalesce((SELECT lease_until <= now() FROM previous), true)
