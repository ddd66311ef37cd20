SELECT t.team_id, t.name, CAST(round(extract(epoch FROM t.created_at) * 1000) AS BIGINT),
       (SELECT count(*) FROM team_members m WHERE m.team_id = t.team_id)
FROM teams t
ORDER BY t.team_id
