UPDATE shared_results
SET title = :title, description = :description, access_policy = :access_policy
WHERE share_token = :token AND owner_user_id = :owner_user_id AND revoked_at IS NULL
