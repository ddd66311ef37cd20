INSERT INTO accounts (user_id, password_hash, disabled, created_at, password_changed_at)
VALUES (:user_id, :password_hash, FALSE, to_timestamp(:created_at_ms / 1000.0), to_timestamp(:created_at_ms / 1000.0))
ON CONFLICT (user_id) DO NOTHING
