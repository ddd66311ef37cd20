INSERT INTO audit_log (occurred_at, actor, action, target, source_address, outcome, details)
VALUES (:occurred_at_ms, :actor, :action, :target, :source_address, :outcome, :details)
