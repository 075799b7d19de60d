-- sqlite: rebuilds tables
-- 领导批示件 and tasks outside plans (issue 29, point 1). An instruction is registered by a unit (org_unit_id) and numbered
-- 批示〔year〕seq号 within that unit and year: (org_unit_id, year, seq) is unique, so two clerks registering at once never
-- get one number (the second insert finds the row and is answered 409, or the next number is taken under the writers'
-- lock). subject is the 来文/事项 the leader wrote on, leader the leader's name and post as written (张三 主任), body the
-- instruction's words; the scanned 批示件 is kept in the row as a task's attachment is.
CREATE TABLE instructions (
    id INTEGER NOT NULL PRIMARY KEY,
    org_unit_id INTEGER NOT NULL REFERENCES org_units (id),
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    subject TEXT NOT NULL,
    leader TEXT NOT NULL,
    instructed_on TEXT NOT NULL,
    body TEXT NOT NULL,
    due TEXT NULL,
    attachment_name TEXT NULL,
    attachment BLOB NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (org_unit_id, year, seq)
);

-- A task may stand outside a plan: plan_id becomes optional (SQLite cannot drop a NOT NULL in place, so the table is
-- rebuilt with foreign keys off, as SQLite's own procedure says; SchemaMigrator checks them before the commit), and a
-- task may answer an instruction (instruction_id). A task outside a plan stores its whole number in no (批示〔2026〕12号-1
-- under its instruction, 督办〔2026〕3号 in its assigning unit's own sequence): unique in each.
CREATE TABLE plan_tasks_0025 (
    id INTEGER NOT NULL PRIMARY KEY,
    plan_id INTEGER NULL REFERENCES plans (id),
    no TEXT NOT NULL,
    section TEXT NULL,
    title TEXT NOT NULL,
    leads TEXT NOT NULL,
    responsible TEXT NOT NULL,
    cooperating TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'not_started',
    deadline TEXT NULL,
    progress INTEGER NOT NULL DEFAULT 0,
    assigner_unit_id INTEGER NULL REFERENCES org_units (id),
    created_by TEXT NULL,
    reason TEXT NULL,
    warning_key TEXT NULL,
    instruction_id INTEGER NULL REFERENCES instructions (id)
);
INSERT INTO plan_tasks_0025 (id, plan_id, no, section, title, leads, responsible, cooperating, source, status, deadline, progress, assigner_unit_id,
    created_by, reason, warning_key)
SELECT id, plan_id, no, section, title, leads, responsible, cooperating, source, status, deadline, progress, assigner_unit_id,
    created_by, reason, warning_key
FROM plan_tasks;
DROP TABLE plan_tasks;
ALTER TABLE plan_tasks_0025 RENAME TO plan_tasks;
CREATE INDEX ix_plan_tasks_plan ON plan_tasks (plan_id);
CREATE UNIQUE INDEX ux_plan_tasks_warning_key ON plan_tasks (warning_key);
CREATE INDEX ix_plan_tasks_instruction ON plan_tasks (instruction_id);
CREATE UNIQUE INDEX ux_plan_tasks_instruction_no ON plan_tasks (instruction_id, no) WHERE instruction_id IS NOT NULL;
CREATE UNIQUE INDEX ux_plan_tasks_unit_no ON plan_tasks (assigner_unit_id, no) WHERE plan_id IS NULL AND instruction_id IS NULL;
