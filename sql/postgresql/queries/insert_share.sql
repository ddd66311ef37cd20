INSERT INTO shared_results
    (share_token, owner_user_id, result_id, title, description, access_policy, created_at,
     content_type, classification, expires_at, max_downloads)
VALUES
    (:token, :owner_user_id, :result_id, :title, :description, CAST(:access_policy AS JSONB),
     to_timestamp(:created_at_ms / 1000.0), :content_type, :classification,
     to_timestamp(CAST(:expires_at_ms AS BIGINT) / 1000.0), :max_downloads)
ON CONFLICT (share_token) DO NOTHING
