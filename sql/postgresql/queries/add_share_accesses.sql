UPDATE shared_results
SET download_count = download_count + :count,
    last_accessed_at = GREATEST(last_accessed_at, to_timestamp(:last_accessed_at_ms / 1000.0))
WHERE share_token = :token
