SELECT user_id, disabled, created_at, password_changed_at, last_login_at, password_hash
FROM accounts
WHERE user_id = :user_id
