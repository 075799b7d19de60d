-- Server-side sessions: the sign-in cookie carries only a session key; the ticket lives here, so signing out, locking,
-- disabling, a password change or a role/scope change ends a session at once on every instance (Access/SessionStore).
CREATE TABLE user_sessions (
    session_key text NOT NULL PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ticket bytea NOT NULL,
    created_at text NOT NULL,
    expires_at text NULL
);
CREATE INDEX ix_user_sessions_user ON user_sessions (user_id);

-- Access tokens expire (90 days unless chosen) and are revoked by deleting them.
ALTER TABLE access_tokens ADD COLUMN expires_at text NULL;

-- A disabled account cannot sign in, and its sessions and tokens are gone.
ALTER TABLE users ADD COLUMN disabled boolean NOT NULL DEFAULT false;

-- The org-unit subtree an audit entry concerns (a value's unit, an account's scope), so an auditor reads only their own
-- subtree; null for commission-wide entries (plans, indicators, tasks), which only an auditor at a root unit reads.
ALTER TABLE audit_log ADD COLUMN org_unit_path text NULL;
CREATE INDEX ix_audit_log_org_unit_path ON audit_log (org_unit_path);
