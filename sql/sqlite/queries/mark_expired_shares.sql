UPDATE shared_results SET expiry_announced = 1
WHERE share_token IN (
    SELECT share_token FROM shared_results
    WHERE revoked_at IS NULL AND expiry_announced = 0 AND expires_at <= :now_ms
    ORDER BY expires_at
    LIMIT :limit)
RETURNING share_token, owner_user_id, expires_at
