-- What the later desktops publish about a share (content type, classification), and how often it
-- was opened (the broker counts). Existing shares are DDA results, unclassified, not yet opened.
ALTER TABLE shared_results ADD COLUMN content_type TEXT NOT NULL DEFAULT 'dda_result';
ALTER TABLE shared_results ADD COLUMN classification TEXT NOT NULL DEFAULT 'unclassified';
ALTER TABLE shared_results ADD COLUMN download_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shared_results ADD COLUMN last_accessed_at INTEGER;
