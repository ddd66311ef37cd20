INSERT INTO presence (replica_id, connection_id, user_id, endpoint, registered_at)
SELECT :replica_id, r.connection_id, r.user_id, r.endpoint, to_timestamp(r.registered_at_ms / 1000.0)
FROM json_to_recordset(CAST(:rows AS JSON)) AS r(connection_id BIGINT, user_id TEXT,
    endpoint TEXT, registered_at_ms BIGINT)
ON CONFLICT (replica_id, connection_id) DO UPDATE
SET user_id = EXCLUDED.user_id, endpoint = EXCLUDED.endpoint,
    registered_at = EXCLUDED.registered_at
