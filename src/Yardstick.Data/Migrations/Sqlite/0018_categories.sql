-- Categories (issue 27): a value is stored per category option combo; 0 is the default combo of an element without one.
-- Options and a combo's categories are ';'-lists as the files write them (as data_sets.elements); option combos get an
-- id once and keep it, so stored values keep their meaning when a category gains an option.
CREATE TABLE categories (
    id INTEGER NOT NULL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    options TEXT NOT NULL
);

CREATE TABLE category_combos (
    id INTEGER NOT NULL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    categories TEXT NOT NULL
);

CREATE TABLE category_option_combos (
    id INTEGER NOT NULL PRIMARY KEY,
    category_combo_id INTEGER NOT NULL REFERENCES category_combos (id),
    code TEXT NOT NULL,
    uid TEXT NULL UNIQUE,
    UNIQUE (category_combo_id, code)
);

ALTER TABLE data_elements ADD COLUMN category_combo_id INTEGER NULL REFERENCES category_combos (id);

-- The key puts the period before the unit (issue 27, point 5): a new month's rows go in as one run per element at the end
-- of that element's months, where (element, unit, period) scattered them over the whole table (a new month into a loaded
-- province: 28k values/s against 121k for a first load). Reads by element still seek; a read of a few units names their periods
-- (DataValueStore.SelectValues) so it seeks too.
CREATE TABLE data_values_by_period (
    data_element_id INTEGER NOT NULL REFERENCES data_elements (id),
    period_type INTEGER NOT NULL,
    period_start INTEGER NOT NULL,
    org_unit_id INTEGER NOT NULL REFERENCES org_units (id),
    category_option_combo_id INTEGER NOT NULL DEFAULT 0,
    value TEXT NOT NULL,
    change_set_id INTEGER NOT NULL REFERENCES change_sets (id),
    PRIMARY KEY (data_element_id, period_type, period_start, org_unit_id, category_option_combo_id)
) WITHOUT ROWID;

INSERT INTO data_values_by_period (data_element_id, period_type, period_start, org_unit_id, category_option_combo_id, value, change_set_id)
SELECT data_element_id, period_type, period_start, org_unit_id, 0, value, change_set_id FROM data_values
ORDER BY data_element_id, period_type, period_start, org_unit_id;

DROP TABLE data_values;
ALTER TABLE data_values_by_period RENAME TO data_values;
CREATE INDEX ix_data_values_change_set ON data_values (change_set_id, data_element_id);

ALTER TABLE deleted_values ADD COLUMN category_option_combo_id INTEGER NOT NULL DEFAULT 0;
