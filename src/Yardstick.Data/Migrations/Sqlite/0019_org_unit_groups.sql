-- Org-unit groups and group sets (issue 27): facilities sorted by type, grade, ownership, town or country, so that a
-- figure can be asked for "科尔沁区 · 二级以上公立医院" and broken down by a set. The four sets a commission sorts by are
-- exclusive (a unit in at most one group of each) and exist from the start; orgunitgroups.csv may name others.
CREATE TABLE org_unit_group_sets (
    id INTEGER NOT NULL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    is_exclusive INTEGER NOT NULL
);
CREATE TABLE org_unit_groups (
    id INTEGER NOT NULL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    group_set_id INTEGER NULL REFERENCES org_unit_group_sets (id)
);
CREATE TABLE org_unit_group_members (
    group_id INTEGER NOT NULL REFERENCES org_unit_groups (id),
    org_unit_id INTEGER NOT NULL REFERENCES org_units (id),
    PRIMARY KEY (group_id, org_unit_id)
);
CREATE INDEX ix_org_unit_group_members_unit ON org_unit_group_members (org_unit_id);
INSERT INTO org_unit_group_sets (id, code, name, is_exclusive) VALUES
    (1, 'facility_type', '机构类别', 1), (2, 'grade', '等级', 1), (3, 'ownership', '所有制', 1), (4, 'urban_rural', '城乡', 1);
