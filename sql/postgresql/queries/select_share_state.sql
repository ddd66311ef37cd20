SELECT owner_user_id, revoked_at IS NOT NULL FROM shared_results WHERE share_token = :token
