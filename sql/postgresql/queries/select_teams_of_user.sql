SELECT t.team_id, t.name, m.role
FROM team_members m JOIN teams t ON t.team_id = m.team_id
WHERE m.user_id = :user_id
ORDER BY t.team_id
