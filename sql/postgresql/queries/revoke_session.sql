UPDATE sessions SET revoked_at = to_timestamp(:revoked_at_ms / 1000.0)
WHERE session_id = :session_id AND revoked_at IS NULL
