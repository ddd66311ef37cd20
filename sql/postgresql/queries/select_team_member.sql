SELECT role, CAST(round(extract(epoch FROM added_at) * 1000) AS BIGINT)
FROM team_members
WHERE team_id = :team_id AND user_id = :user_id
