-- 考核 run and published in the web (issue 14). A scheme is kept per plan, assessing unit and year as the CSV a
-- commission writes (the one the CLI reads). An assessment is the scorecard frozen at 公示 (result: the table as
-- published, JSON) with an appeal window; units scored file appeals (申诉) with evidence, the assessing unit answers
-- them, and 定稿 freezes the table again (final_result) once the window has closed and every appeal is answered.
CREATE TABLE scoring_schemes (
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    org_unit_id INTEGER NOT NULL REFERENCES org_units (id),
    year INTEGER NOT NULL,
    csv TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (plan_id, org_unit_id, year)
);

CREATE TABLE assessments (
    id INTEGER NOT NULL PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    org_unit_id INTEGER NOT NULL REFERENCES org_units (id),
    year INTEGER NOT NULL,
    state TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at TEXT NOT NULL,
    appeal_until TEXT NOT NULL,
    result TEXT NOT NULL,
    finalized_by TEXT NULL,
    finalized_at TEXT NULL,
    final_result TEXT NULL,
    UNIQUE (plan_id, org_unit_id, year)
);

CREATE TABLE assessment_appeals (
    id INTEGER NOT NULL PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id),
    org_unit_id INTEGER NOT NULL REFERENCES org_units (id),
    body TEXT NOT NULL,
    attachment_name TEXT NULL,
    attachment BLOB NULL,
    filed_by TEXT NOT NULL,
    filed_at TEXT NOT NULL,
    state TEXT NOT NULL,
    reply TEXT NULL,
    replied_by TEXT NULL,
    replied_at TEXT NULL
);
CREATE INDEX ix_assessment_appeals_assessment ON assessment_appeals (assessment_id);
