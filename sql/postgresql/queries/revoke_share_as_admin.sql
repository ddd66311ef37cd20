UPDATE shared_results SET revoked_at = to_timestamp(:revoked_at_ms / 1000.0)
WHERE share_token = :token AND revoked_at IS NULL
