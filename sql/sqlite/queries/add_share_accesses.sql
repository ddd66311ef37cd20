UPDATE shared_results
SET download_count = download_count + :count,
    last_accessed_at = MAX(COALESCE(last_accessed_at, 0), :last_accessed_at_ms)
WHERE share_token = :token
