DELETE FROM shared_results
WHERE share_token IN (
    SELECT share_token FROM shared_results
    WHERE revoked_at < :before_ms OR expires_at < :before_ms
    LIMIT :limit)
