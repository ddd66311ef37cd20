UPDATE shared_results SET expiry_announced = TRUE
WHERE share_token IN (
    SELECT share_token FROM shared_results
    WHERE revoked_at IS NULL AND NOT expiry_announced
      AND expires_at <= to_timestamp(:now_ms / 1000.0)
    ORDER BY expires_at
    LIMIT :limit)
RETURNING share_token, owner_user_id, CAST(round(extract(epoch FROM expires_at) * 1000) AS BIGINT)
