-- 督办 as a closed loop (issue 14). A task is handed over by a unit (assigner_unit_id: the commission that 交办) to
-- owners — org units, a commission's departments among them (kind 7) — one or more leads (牵头) and partners (配合).
-- Its stage replaces the old status: not_started → draft (read from a document, not yet handed over), in_progress →
-- received, done → closed. Every action is a task_updates row (action says which); messages are the owners' and
-- assigners' inbox, one row per recipient unit, dedupe_key making a scheduled reminder unique across instances;
-- delivered_at marks a message an instance claimed for the group-chat webhook (so two instances post it once).
ALTER TABLE plan_tasks ADD COLUMN assigner_unit_id INTEGER NULL REFERENCES org_units (id);
ALTER TABLE plan_tasks ADD COLUMN created_by TEXT NULL;
UPDATE plan_tasks SET status = CASE status WHEN 'in_progress' THEN 'received' WHEN 'done' THEN 'closed' ELSE 'draft' END;

CREATE TABLE task_owners (
    task_id INTEGER NOT NULL REFERENCES plan_tasks (id),
    org_unit_id INTEGER NOT NULL REFERENCES org_units (id),
    role TEXT NOT NULL,
    PRIMARY KEY (task_id, org_unit_id)
);
CREATE INDEX ix_task_owners_unit ON task_owners (org_unit_id);

ALTER TABLE task_updates ADD COLUMN action TEXT NOT NULL DEFAULT 'report';

CREATE TABLE messages (
    id INTEGER NOT NULL PRIMARY KEY,
    recipient_unit_id INTEGER NOT NULL REFERENCES org_units (id),
    task_id INTEGER NULL REFERENCES plan_tasks (id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT NULL,
    dedupe_key TEXT NULL UNIQUE,
    delivered_at TEXT NULL
);
CREATE INDEX ix_messages_recipient ON messages (recipient_unit_id, id);

-- A task's milestones (里程碑): dated steps before its deadline; the next one not done lights 临期 / 逾期 like a deadline.
CREATE TABLE task_milestones (
    task_id INTEGER NOT NULL REFERENCES plan_tasks (id),
    no INTEGER NOT NULL,
    title TEXT NOT NULL,
    due TEXT NOT NULL,
    done_on TEXT NULL,
    PRIMARY KEY (task_id, no)
);
