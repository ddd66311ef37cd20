INSERT INTO teams (team_id, name, created_at)
VALUES (:team_id, :name, :created_at_ms)
ON CONFLICT (team_id) DO NOTHING
