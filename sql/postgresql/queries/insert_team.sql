INSERT INTO teams (team_id, name, created_at)
VALUES (:team_id, :name, to_timestamp(:created_at_ms / 1000.0))
ON CONFLICT (team_id) DO NOTHING
