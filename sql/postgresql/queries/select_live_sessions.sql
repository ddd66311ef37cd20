SELECT session_id, user_id, CAST(round(extract(epoch FROM created_at) * 1000) AS BIGINT), CAST(round(extract(epoch FROM expires_at) * 1000) AS BIGINT), client_address, endpoint, token_hash
FROM sessions
WHERE revoked_at IS NULL AND expires_at > to_timestamp(:now_ms / 1000.0)
ORDER BY created_at
