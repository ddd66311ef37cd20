DELETE FROM presence
WHERE replica_id IN (SELECT replica_id FROM replicas WHERE lease_until <= now())
   OR replica_id NOT IN (SELECT replica_id FROM replicas)
