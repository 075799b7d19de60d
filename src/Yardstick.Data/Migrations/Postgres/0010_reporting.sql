-- The reporting cycle: data sets (forms with a timetable and the units that owe them), the recorded steps of each
-- report (上报, 审核, 退回, unlocks), values deleted (so live engines following the store remove them), stored
-- validation rules and notes on values.
CREATE TABLE data_sets (
    id integer NOT NULL PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    period_type integer NOT NULL,
    due_days integer NOT NULL,
    lock_days integer NOT NULL,
    -- element codes and the assignment (org-unit codes, level:N) separated by ';', as datasets.csv writes them
    elements text NOT NULL,
    assign text NOT NULL
);
CREATE TABLE data_set_reports (
    data_set_id integer NOT NULL REFERENCES data_sets (id),
    org_unit_id integer NOT NULL REFERENCES org_units (id),
    period_start integer NOT NULL,
    state text NOT NULL,
    first_submitted_at text NULL,
    submitted_at text NULL,
    submitted_by text NULL,
    decided_at text NULL,
    decided_by text NULL,
    decided_scope text NULL,
    reason text NULL,
    field_reasons text NULL,
    unlocked_until text NULL,
    PRIMARY KEY (data_set_id, org_unit_id, period_start)
);
CREATE INDEX ix_data_set_reports_period ON data_set_reports (data_set_id, period_start);

-- A value removed by a change set: live engines read these beside the change set's written values.
CREATE TABLE deleted_values (
    data_element_id integer NOT NULL,
    org_unit_id integer NOT NULL,
    period_type integer NOT NULL,
    period_start integer NOT NULL,
    change_set_id bigint NOT NULL REFERENCES change_sets (id)
);
CREATE INDEX ix_deleted_values_change_set ON deleted_values (change_set_id);

CREATE TABLE validation_rules (
    id integer NOT NULL PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    left_side text NOT NULL,
    operator text NOT NULL,
    right_side text NOT NULL,
    importance text NOT NULL,
    period_type integer NULL,
    missing text NOT NULL
);

CREATE TABLE value_notes (
    data_element_id integer NOT NULL,
    org_unit_id integer NOT NULL,
    period_type integer NOT NULL,
    period_start integer NOT NULL,
    comment text NULL,
    source text NULL,
    follow_up integer NOT NULL DEFAULT 0,
    PRIMARY KEY (data_element_id, org_unit_id, period_type, period_start)
);
