CREATE TABLE org_units (
    id INTEGER NOT NULL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind INTEGER NOT NULL,
    parent_id INTEGER NULL REFERENCES org_units (id),
    path TEXT NOT NULL,
    level INTEGER NOT NULL,
    opened_on TEXT NULL,
    closed_on TEXT NULL
);
CREATE INDEX ix_org_units_path ON org_units (path);
CREATE INDEX ix_org_units_parent ON org_units (parent_id);

CREATE TABLE data_elements (
    id INTEGER NOT NULL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    value_kind INTEGER NOT NULL,
    org_unit_aggregation INTEGER NOT NULL,
    time_aggregation INTEGER NOT NULL
);

CREATE TABLE indicators (
    id INTEGER NOT NULL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    numerator TEXT NOT NULL,
    denominator TEXT NULL,
    factor TEXT NOT NULL,
    unit TEXT NOT NULL,
    direction INTEGER NOT NULL,
    decimals INTEGER NOT NULL
);

CREATE TABLE change_sets (
    id INTEGER NOT NULL PRIMARY KEY,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    source TEXT NOT NULL
);

-- period_start is yyyymm of the first month; values are exact decimals kept as text.
CREATE TABLE data_values (
    data_element_id INTEGER NOT NULL REFERENCES data_elements (id),
    org_unit_id INTEGER NOT NULL REFERENCES org_units (id),
    period_type INTEGER NOT NULL,
    period_start INTEGER NOT NULL,
    value TEXT NOT NULL,
    change_set_id INTEGER NOT NULL REFERENCES change_sets (id),
    PRIMARY KEY (data_element_id, org_unit_id, period_type, period_start)
) WITHOUT ROWID;

CREATE TABLE plans (
    id INTEGER NOT NULL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    base_year INTEGER NOT NULL,
    start_year INTEGER NOT NULL,
    end_year INTEGER NOT NULL
);

CREATE TABLE targets (
    id INTEGER NOT NULL PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    org_unit_id INTEGER NOT NULL REFERENCES org_units (id),
    baseline_year INTEGER NULL,
    baseline_value TEXT NULL,
    target_year INTEGER NOT NULL,
    target_value TEXT NULL,
    target_upper TEXT NULL,
    comparator INTEGER NOT NULL,
    nature INTEGER NOT NULL,
    UNIQUE (plan_id, indicator_id, org_unit_id, target_year)
);
