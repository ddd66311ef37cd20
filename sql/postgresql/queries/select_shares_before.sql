SELECT share_token, owner_user_id, result_id, title, description, CAST(access_policy AS TEXT),
       CAST(round(extract(epoch FROM created_at) * 1000) AS BIGINT),
       CAST(round(extract(epoch FROM revoked_at) * 1000) AS BIGINT), content_type, classification,
       download_count, CAST(round(extract(epoch FROM last_accessed_at) * 1000) AS BIGINT),
       CAST(round(extract(epoch FROM expires_at) * 1000) AS BIGINT), max_downloads,
       CAST(extract(epoch FROM created_at) * 1000000 AS BIGINT)
FROM shared_results
WHERE (created_at, share_token) <
      (TIMESTAMPTZ 'epoch' + :sort_key * INTERVAL '1 microsecond', :token)
ORDER BY created_at DESC, share_token DESC
LIMIT :limit
