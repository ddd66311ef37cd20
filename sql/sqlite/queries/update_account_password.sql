UPDATE accounts SET password_hash = :password_hash, password_changed_at = :changed_at_ms
WHERE user_id = :user_id
