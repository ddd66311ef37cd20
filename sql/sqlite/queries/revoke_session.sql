UPDATE sessions SET revoked_at = :revoked_at_ms
WHERE session_id = :session_id AND revoked_at IS NULL
