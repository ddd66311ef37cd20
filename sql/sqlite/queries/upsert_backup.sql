INSERT INTO user_backups (user_id, data, state_hash, size_bytes, created_at, updated_at)
VALUES (:user_id, :data, :state_hash, :size_bytes, :updated_at_ms, :updated_at_ms)
ON CONFLICT (user_id) DO UPDATE
SET data = excluded.data, state_hash = excluded.state_hash, size_bytes = excluded.size_bytes,
    updated_at = excluded.updated_at
