-- A signed-out session keeps its row, marked ended, until it would have expired: a renewal racing the sign-out (another
-- tab's request) finds it ended and cannot bring it back (Web/Access/SessionStore).
ALTER TABLE user_sessions ADD COLUMN ended_at TEXT NULL;
