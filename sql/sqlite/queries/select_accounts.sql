SELECT user_id, disabled, created_at, password_changed_at, last_login_at
FROM accounts
ORDER BY user_id
