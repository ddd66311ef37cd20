INSERT INTO shared_results
    (share_token, owner_user_id, result_id, title, description, access_policy, created_at,
     content_type, classification)
VALUES
    (:token, :owner_user_id, :result_id, :title, :description, CAST(:access_policy AS JSONB),
     to_timestamp(:created_at_ms / 1000.0), :content_type, :classification)
ON CONFLICT (share_token) DO NOTHING
