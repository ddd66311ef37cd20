SELECT replica_id, replica_number, address,
       CAST(extract(epoch FROM started_at) * 1000 AS BIGINT),
       CAST(extract(epoch FROM last_seen) * 1000 AS BIGINT),
       CAST(extract(epoch FROM lease_until) * 1000 AS BIGINT),
       CAST(extract(epoch FROM now()) * 1000 AS BIGINT),
       stats
FROM replicas
ORDER BY started_at, replica_id
