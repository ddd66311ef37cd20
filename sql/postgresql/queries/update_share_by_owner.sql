UPDATE shared_results
SET title = :title, description = :description, access_policy = CAST(:access_policy AS JSONB),
    content_type = :content_type, classification = :classification,
    expires_at = to_timestamp(CAST(:expires_at_ms AS BIGINT) / 1000.0),
    max_downloads = :max_downloads, expiry_announced = FALSE
WHERE share_token = :token AND owner_user_id = :owner_user_id AND revoked_at IS NULL
