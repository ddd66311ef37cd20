SELECT user_id, role, added_at
FROM team_members
WHERE team_id = :team_id
ORDER BY user_id
