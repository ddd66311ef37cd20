UPDATE shared_results
SET title = :title, description = :description, access_policy = :access_policy,
    content_type = :content_type, classification = :classification,
    expires_at = :expires_at_ms, max_downloads = :max_downloads, expiry_announced = 0
WHERE share_token = :token AND owner_user_id = :owner_user_id AND revoked_at IS NULL
