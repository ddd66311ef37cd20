INSERT INTO shared_results
    (share_token, owner_user_id, result_id, title, description, access_policy, created_at,
     content_type, classification, expires_at, max_downloads)
SELECT r.token, r.owner_user_id, r.result_id, r.title, r.description, r.access_policy,
       to_timestamp(r.created_at_ms / 1000.0), r.content_type, r.classification,
       to_timestamp(r.expires_at_ms / 1000.0), r.max_downloads
FROM json_to_recordset(CAST(:rows AS JSON)) AS r(token TEXT, owner_user_id TEXT, result_id TEXT,
    title TEXT, description TEXT, access_policy JSONB, created_at_ms BIGINT, content_type TEXT,
    classification TEXT, expires_at_ms BIGINT, max_downloads BIGINT)
ON CONFLICT (share_token) DO NOTHING
RETURNING share_token
