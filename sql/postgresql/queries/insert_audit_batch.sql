INSERT INTO audit_log (occurred_at, actor, action, target, source_address, outcome, details)
SELECT to_timestamp(r.occurred_at_ms / 1000.0), r.actor, r.action, r.target, r.source_address,
       r.outcome, r.details
FROM json_to_recordset(CAST(:rows AS JSON)) AS r(occurred_at_ms BIGINT, actor TEXT, action TEXT,
    target TEXT, source_address TEXT, outcome TEXT, details JSONB)
