DELETE FROM audit_log
WHERE id IN (SELECT id FROM audit_log WHERE occurred_at < :before_ms LIMIT :limit)
