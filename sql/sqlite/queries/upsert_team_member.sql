INSERT INTO team_members (team_id, user_id, role, added_at)
VALUES (:team_id, :user_id, :role, :added_at_ms)
ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role
