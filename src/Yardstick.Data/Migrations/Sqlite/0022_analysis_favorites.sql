-- 数据分析 favourites (issue 28): a saved selection (JSON: data, units, periods, rows, columns, chart — never figures),
-- its owner's user name and the unit whose subtree sees it when shared (the owner's scope at saving), and a version
-- that every rename and delete compares and moves.
CREATE TABLE analysis_favorites (
    id INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    owner TEXT NOT NULL,
    org_unit_id INTEGER NOT NULL REFERENCES org_units (id),
    shared INTEGER NOT NULL,
    selection TEXT NOT NULL,
    version INTEGER NOT NULL,
    saved_at TEXT NOT NULL
);
CREATE INDEX ix_analysis_favorites_owner ON analysis_favorites (owner);
CREATE INDEX ix_analysis_favorites_unit ON analysis_favorites (org_unit_id);
