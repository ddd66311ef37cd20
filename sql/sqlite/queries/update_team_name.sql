UPDATE teams SET name = :name WHERE team_id = :team_id
