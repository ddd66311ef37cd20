-- The team registry behind `team` access policies: teams, and who belongs to each with which
-- role. Removing a team removes its memberships (foreign_keys is on, see session.sql). Times are
-- milliseconds since the Unix epoch, UTC.
CREATE TABLE teams (
    team_id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE team_members (
    team_id TEXT NOT NULL REFERENCES teams (team_id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('member', 'manager')),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user_idx ON team_members (user_id);
