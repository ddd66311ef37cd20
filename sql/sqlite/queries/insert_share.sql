INSERT INTO shared_results
    (share_token, owner_user_id, result_id, title, description, access_policy, created_at,
     content_type, classification, expires_at, max_downloads)
VALUES
    (:token, :owner_user_id, :result_id, :title, :description, :access_policy, :created_at_ms,
     :content_type, :classification, :expires_at_ms, :max_downloads)
ON CONFLICT (share_token) DO NOTHING
