-- WAL with FULL sync: a committed (acknowledged) write survives a crash or power loss.
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA foreign_keys = ON;
