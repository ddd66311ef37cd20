SELECT id, CAST(round(extract(epoch FROM occurred_at) * 1000) AS BIGINT), actor, action, target,
       source_address, outcome, CAST(details AS TEXT)
FROM audit_log
WHERE id < :after_id
  AND (:actor = '' OR actor = :actor)
  AND (:action = '' OR action = :action)
  AND (:actions = '' OR action = ANY(string_to_array(:actions, ',')))
  AND (:target = '' OR target = :target)
  AND occurred_at >= to_timestamp(:since_ms / 1000.0)
  AND occurred_at < to_timestamp(:until_ms / 1000.0)
ORDER BY id DESC
LIMIT :limit
