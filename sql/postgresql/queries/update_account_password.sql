UPDATE accounts SET password_hash = :password_hash, password_changed_at = to_timestamp(:changed_at_ms / 1000.0)
WHERE user_id = :user_id
