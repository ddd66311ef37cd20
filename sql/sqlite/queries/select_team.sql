SELECT t.name, t.created_at,
       (SELECT count(*) FROM team_members m WHERE m.team_id = t.team_id)
FROM teams t
WHERE t.team_id = :team_id
