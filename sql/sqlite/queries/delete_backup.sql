DELETE FROM user_backups WHERE user_id = :user_id
