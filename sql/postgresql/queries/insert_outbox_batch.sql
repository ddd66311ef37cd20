WITH written AS (
    INSERT INTO outbox (replica_id, kind, payload)
    SELECT :replica_id, r.kind, r.payload
    FROM json_to_recordset(CAST(:rows AS JSON)) AS r(kind TEXT, payload JSONB)
    RETURNING id
)
SELECT pg_notify('ddalab_outbox', '') FROM written LIMIT 1
