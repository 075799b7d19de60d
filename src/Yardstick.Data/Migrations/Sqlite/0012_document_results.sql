-- Targets a plan's document sets that no stored indicator's target judges (counts, levels without an indicator,
-- qualitative ones) are judged on what the responsible department records: a figure or 达成 / 未达成 / 推进中, with a
-- note and evidence, per unit and year. Rows are never updated: the latest for (item, unit, year) counts, the rest is
-- the history. A count can instead be read from a data element (element_code).
ALTER TABLE plan_items ADD COLUMN element_code TEXT NULL;

CREATE TABLE plan_item_results (
    id INTEGER NOT NULL PRIMARY KEY,
    plan_item_id INTEGER NOT NULL REFERENCES plan_items (id),
    org_unit_id INTEGER NOT NULL REFERENCES org_units (id),
    year INTEGER NOT NULL,
    actual TEXT NULL,
    outcome TEXT NULL,
    note TEXT NOT NULL,
    department TEXT NULL,
    attachment_name TEXT NULL,
    attachment BLOB NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX ix_plan_item_results_item ON plan_item_results (plan_item_id, org_unit_id, year);
