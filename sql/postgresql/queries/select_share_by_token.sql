SELECT share_token, owner_user_id, result_id, title, description, CAST(access_policy AS TEXT),
       CAST(round(extract(epoch FROM created_at) * 1000) AS BIGINT),
       CAST(round(extract(epoch FROM revoked_at) * 1000) AS BIGINT), content_type, classification,
       download_count, CAST(round(extract(epoch FROM last_accessed_at) * 1000) AS BIGINT),
       CAST(round(extract(epoch FROM expires_at) * 1000) AS BIGINT), max_downloads
FROM shared_results
WHERE share_token = :token
