SELECT id, replica_id, kind, CAST(payload AS TEXT),
       CAST(extract(epoch FROM clock_timestamp() - created_at) * 1000 AS BIGINT)
FROM outbox
WHERE id > :after
ORDER BY id
LIMIT 1000
