SELECT share_token, owner_user_id, result_id, title, description, access_policy, created_at,
       revoked_at, content_type, classification, download_count, last_accessed_at,
       expires_at, max_downloads, created_at
FROM shared_results
WHERE (created_at, share_token) < (:sort_key, :token)
ORDER BY created_at DESC, share_token DESC
LIMIT :limit
