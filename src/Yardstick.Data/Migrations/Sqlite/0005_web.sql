-- What the web app adds: where a change came from, the audit chain, task follow-up (督办), access tokens,
-- password history and the data-protection key ring (kept in the database so several instances share it).
ALTER TABLE change_sets ADD COLUMN address TEXT NULL;

-- hash = SM3(previous row's hash | this row's change set, entity, key, old, new): a row edited after the fact
-- breaks the chain from that row on (AuditLog.VerifyAsync).
ALTER TABLE audit_log ADD COLUMN hash TEXT NULL;

ALTER TABLE plan_tasks ADD COLUMN status TEXT NOT NULL DEFAULT 'not_started';
ALTER TABLE plan_tasks ADD COLUMN deadline TEXT NULL;
ALTER TABLE plan_tasks ADD COLUMN progress INTEGER NOT NULL DEFAULT 0;

CREATE TABLE task_updates (
    id INTEGER NOT NULL PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES plan_tasks (id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    status TEXT NOT NULL,
    progress INTEGER NOT NULL,
    note TEXT NOT NULL,
    attachment_name TEXT NULL,
    attachment BLOB NULL
);
CREATE INDEX ix_task_updates_task ON task_updates (task_id);

-- Which targets (by indicator) a task serves.
CREATE TABLE task_indicators (
    task_id INTEGER NOT NULL REFERENCES plan_tasks (id),
    indicator_code TEXT NOT NULL,
    PRIMARY KEY (task_id, indicator_code)
);

CREATE TABLE access_tokens (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT NULL
);

CREATE TABLE password_history (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    changed_at TEXT NOT NULL
);

CREATE TABLE data_protection_keys (
    id INTEGER NOT NULL PRIMARY KEY,
    friendly_name TEXT NULL,
    xml TEXT NOT NULL
);

-- The order of the hash chain: given when a change is sealed, under a lock, so concurrent writers cannot interleave.
ALTER TABLE audit_log ADD COLUMN chain_no INTEGER NULL;
CREATE INDEX ix_audit_log_unsealed ON audit_log (id) WHERE hash IS NULL;
CREATE UNIQUE INDEX ix_audit_log_chain ON audit_log (chain_no);
