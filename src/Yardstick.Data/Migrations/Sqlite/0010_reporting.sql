-- The reporting cycle: data sets (forms with a timetable and the units that owe them), the recorded steps of each
-- report (上报, 审核, 退回, unlocks), values deleted (so live engines following the store remove them), stored
-- validation rules and notes on values.
CREATE TABLE data_sets (
    id INTEGER NOT NULL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    period_type INTEGER NOT NULL,
    due_days INTEGER NOT NULL,
    lock_days INTEGER NOT NULL,
    -- element codes and the assignment (org-unit codes, level:N) separated by ';', as datasets.csv writes them
    elements TEXT NOT NULL,
    assign TEXT NOT NULL
);
CREATE TABLE data_set_reports (
    data_set_id INTEGER NOT NULL REFERENCES data_sets (id),
    org_unit_id INTEGER NOT NULL REFERENCES org_units (id),
    period_start INTEGER NOT NULL,
    state TEXT NOT NULL,
    first_submitted_at TEXT NULL,
    submitted_at TEXT NULL,
    submitted_by TEXT NULL,
    decided_at TEXT NULL,
    decided_by TEXT NULL,
    decided_scope TEXT NULL,
    reason TEXT NULL,
    field_reasons TEXT NULL,
    unlocked_until TEXT NULL,
    PRIMARY KEY (data_set_id, org_unit_id, period_start)
);
CREATE INDEX ix_data_set_reports_period ON data_set_reports (data_set_id, period_start);

-- A value removed by a change set: live engines read these beside the change set's written values.
CREATE TABLE deleted_values (
    data_element_id INTEGER NOT NULL,
    org_unit_id INTEGER NOT NULL,
    period_type INTEGER NOT NULL,
    period_start INTEGER NOT NULL,
    change_set_id INTEGER NOT NULL REFERENCES change_sets (id)
);
CREATE INDEX ix_deleted_values_change_set ON deleted_values (change_set_id);

CREATE TABLE validation_rules (
    id INTEGER NOT NULL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    left_side TEXT NOT NULL,
    operator TEXT NOT NULL,
    right_side TEXT NOT NULL,
    importance TEXT NOT NULL,
    period_type INTEGER NULL,
    missing TEXT NOT NULL
);

CREATE TABLE value_notes (
    data_element_id INTEGER NOT NULL,
    org_unit_id INTEGER NOT NULL,
    period_type INTEGER NOT NULL,
    period_start INTEGER NOT NULL,
    comment TEXT NULL,
    source TEXT NULL,
    follow_up INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (data_element_id, org_unit_id, period_type, period_start)
);
