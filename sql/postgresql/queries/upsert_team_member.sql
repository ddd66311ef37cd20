INSERT INTO team_members (team_id, user_id, role, added_at)
VALUES (:team_id, :user_id, :role, to_timestamp(:added_at_ms / 1000.0))
ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role
