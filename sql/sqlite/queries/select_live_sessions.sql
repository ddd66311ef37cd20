SELECT session_id, user_id, created_at, expires_at, client_address, endpoint, token_hash
FROM sessions
WHERE revoked_at IS NULL AND expires_at > :now_ms
ORDER BY created_at
