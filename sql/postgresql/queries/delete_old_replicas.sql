DELETE FROM replicas WHERE lease_until < now() - interval '1 hour'
