CREATE TABLE org_units (
    id integer NOT NULL PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    kind integer NOT NULL,
    parent_id integer NULL REFERENCES org_units (id),
    path text NOT NULL,
    level integer NOT NULL,
    opened_on date NULL,
    closed_on date NULL
);
CREATE INDEX ix_org_units_path ON org_units (path text_pattern_ops);
CREATE INDEX ix_org_units_parent ON org_units (parent_id);

CREATE TABLE data_elements (
    id integer NOT NULL PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    value_kind integer NOT NULL,
    org_unit_aggregation integer NOT NULL,
    time_aggregation integer NOT NULL
);

CREATE TABLE indicators (
    id integer NOT NULL PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    numerator text NOT NULL,
    denominator text NULL,
    factor numeric NOT NULL,
    unit text NOT NULL,
    direction integer NOT NULL,
    decimals integer NOT NULL
);

CREATE TABLE change_sets (
    id bigint NOT NULL PRIMARY KEY,
    actor text NOT NULL,
    at timestamptz NOT NULL,
    source text NOT NULL
);

-- period_start is yyyymm of the first month.
CREATE TABLE data_values (
    data_element_id integer NOT NULL REFERENCES data_elements (id),
    org_unit_id integer NOT NULL REFERENCES org_units (id),
    period_type integer NOT NULL,
    period_start integer NOT NULL,
    value numeric NOT NULL,
    change_set_id bigint NOT NULL REFERENCES change_sets (id),
    PRIMARY KEY (data_element_id, org_unit_id, period_type, period_start)
);

CREATE TABLE plans (
    id integer NOT NULL PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    base_year integer NOT NULL,
    start_year integer NOT NULL,
    end_year integer NOT NULL
);

CREATE TABLE targets (
    id integer NOT NULL PRIMARY KEY,
    plan_id integer NOT NULL REFERENCES plans (id),
    indicator_id integer NOT NULL REFERENCES indicators (id),
    org_unit_id integer NOT NULL REFERENCES org_units (id),
    baseline_year integer NULL,
    baseline_value numeric NULL,
    target_year integer NOT NULL,
    target_value numeric NULL,
    target_upper numeric NULL,
    comparator integer NOT NULL,
    nature integer NOT NULL,
    UNIQUE (plan_id, indicator_id, org_unit_id, target_year)
);
