SELECT MAX(version) FROM schema_migrations
