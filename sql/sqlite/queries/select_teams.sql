SELECT t.team_id, t.name, t.created_at,
       (SELECT count(*) FROM team_members m WHERE m.team_id = t.team_id)
FROM teams t
ORDER BY t.team_id
