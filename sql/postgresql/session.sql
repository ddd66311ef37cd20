SET TIME ZONE 'UTC';
-- "relation already exists, skipping" and the like are not worth a line on stderr.
SET client_min_messages = warning;
