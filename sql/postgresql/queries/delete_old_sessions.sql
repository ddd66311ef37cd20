DELETE FROM sessions WHERE expires_at < to_timestamp(:before_ms / 1000.0) OR revoked_at < to_timestamp(:before_ms / 1000.0)
