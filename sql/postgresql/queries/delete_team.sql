DELETE FROM teams WHERE team_id = :team_id
