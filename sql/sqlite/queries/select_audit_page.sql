SELECT id, occurred_at, actor, action, target, source_address, outcome, details
FROM audit_log
WHERE id < :after_id
  AND (:actor = '' OR actor = :actor)
  AND (:action = '' OR action = :action)
  AND (:actions = '' OR instr(',' || :actions || ',', ',' || action || ',') > 0)
  AND (:target = '' OR target = :target)
  AND occurred_at >= :since_ms
  AND occurred_at < :until_ms
ORDER BY id DESC
LIMIT :limit
