DELETE FROM shared_results
WHERE share_token IN (
    SELECT share_token FROM shared_results
    WHERE revoked_at < to_timestamp(:before_ms / 1000.0)
       OR expires_at < to_timestamp(:before_ms / 1000.0)
    LIMIT :limit)
