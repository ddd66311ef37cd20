SELECT p.replica_id, r.address, p.connection_id, p.user_id, p.endpoint,
       CAST(extract(epoch FROM p.registered_at) * 1000 AS BIGINT)
FROM presence p JOIN replicas r ON r.replica_id = p.replica_id
WHERE r.lease_until > now() AND p.replica_id <> :replica_id
