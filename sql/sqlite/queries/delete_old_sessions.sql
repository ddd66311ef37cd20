DELETE FROM sessions WHERE expires_at < :before_ms OR revoked_at < :before_ms
