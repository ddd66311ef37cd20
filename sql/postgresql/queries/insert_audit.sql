INSERT INTO audit_log (occurred_at, actor, action, target, source_address, outcome, details)
VALUES (to_timestamp(:occurred_at_ms / 1000.0), :actor, :action, :target, :source_address,
        :outcome, CAST(:details AS JSONB))
