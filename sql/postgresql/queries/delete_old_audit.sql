DELETE FROM audit_log
WHERE id IN (
    SELECT id FROM audit_log WHERE occurred_at < to_timestamp(:before_ms / 1000.0) LIMIT :limit)
