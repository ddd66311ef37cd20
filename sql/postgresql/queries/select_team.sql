SELECT t.name, CAST(round(extract(epoch FROM t.created_at) * 1000) AS BIGINT),
       (SELECT count(*) FROM team_members m WHERE m.team_id = t.team_id)
FROM teams t
WHERE t.team_id = :team_id
