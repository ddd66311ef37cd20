UPDATE shared_results SET revoked_at = :revoked_at_ms
WHERE share_token = :token AND revoked_at IS NULL
