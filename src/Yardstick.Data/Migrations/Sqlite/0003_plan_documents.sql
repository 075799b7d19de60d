-- What a plan document said, as a person reviewed and confirmed it (yardstick import-plan): its key tasks and every
-- item read from it, catalogued or not, in the document's own words. Indicator rows that match a stored indicator
-- also become targets; these tables keep the rest so that nothing read is lost.
CREATE TABLE plan_tasks (
    id INTEGER NOT NULL PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    no TEXT NOT NULL,
    section TEXT NULL,
    title TEXT NOT NULL,
    leads TEXT NOT NULL,
    responsible TEXT NOT NULL,
    cooperating TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE INDEX ix_plan_tasks_plan ON plan_tasks (plan_id);

CREATE TABLE plan_items (
    id INTEGER NOT NULL PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    comparator TEXT NULL,
    value TEXT NULL,
    unit TEXT NULL,
    year INTEGER NULL,
    baseline_year INTEGER NULL,
    baseline_value TEXT NULL,
    nature TEXT NULL,
    indicator_code TEXT NULL,
    origin TEXT NULL,
    lead TEXT NULL,
    source TEXT NOT NULL
);
CREATE INDEX ix_plan_items_plan ON plan_items (plan_id);
