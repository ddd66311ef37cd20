DELETE FROM outbox WHERE created_at < now() - interval '5 minutes'
