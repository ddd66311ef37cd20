UPDATE accounts SET disabled = :disabled WHERE user_id = :user_id
