INSERT INTO accounts (user_id, password_hash, disabled, created_at, password_changed_at)
VALUES (:user_id, :password_hash, 0, :created_at_ms, :created_at_ms)
ON CONFLICT (user_id) DO NOTHING
