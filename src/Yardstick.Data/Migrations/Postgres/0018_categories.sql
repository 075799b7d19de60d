-- Categories (issue 27): a value is stored per category option combo; 0 is the default combo of an element without one.
-- Options and a combo's categories are ';'-lists as the files write them (as data_sets.elements); option combos get an
-- id once and keep it, so stored values keep their meaning when a category gains an option.
CREATE TABLE categories (
    id integer NOT NULL PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    options text NOT NULL
);

CREATE TABLE category_combos (
    id integer NOT NULL PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    categories text NOT NULL
);

CREATE TABLE category_option_combos (
    id integer NOT NULL PRIMARY KEY,
    category_combo_id integer NOT NULL REFERENCES category_combos (id),
    code text NOT NULL,
    uid text NULL UNIQUE,
    UNIQUE (category_combo_id, code)
);

ALTER TABLE data_elements ADD COLUMN category_combo_id integer NULL REFERENCES category_combos (id);

-- The key puts the period before the unit (issue 27, point 5): a new month's index entries go in as one run per element
-- at the end of that element's months, where (element, unit, period) scattered them over the whole index (a new month
-- into a loaded province: 12k values/s against 168k for a first load). Reads by element still seek; a read of a few units names
-- their periods (DataValueStore.SelectValues) so it seeks too.
ALTER TABLE data_values ADD COLUMN category_option_combo_id integer NOT NULL DEFAULT 0;
ALTER TABLE data_values DROP CONSTRAINT data_values_pkey;
ALTER TABLE data_values ADD CONSTRAINT data_values_pkey
    PRIMARY KEY (data_element_id, period_type, period_start, org_unit_id, category_option_combo_id);

ALTER TABLE deleted_values ADD COLUMN category_option_combo_id integer NOT NULL DEFAULT 0;
