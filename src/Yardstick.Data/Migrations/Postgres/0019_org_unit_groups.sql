-- Org-unit groups and group sets (issue 27): facilities sorted by type, grade, ownership, town or country, so that a
-- figure can be asked for "科尔沁区 · 二级以上公立医院" and broken down by a set. The four sets a commission sorts by are
-- exclusive (a unit in at most one group of each) and exist from the start; orgunitgroups.csv may name others.
CREATE TABLE org_unit_group_sets (
    id integer NOT NULL PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    is_exclusive boolean NOT NULL
);
CREATE TABLE org_unit_groups (
    id integer NOT NULL PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    group_set_id integer NULL REFERENCES org_unit_group_sets (id)
);
CREATE TABLE org_unit_group_members (
    group_id integer NOT NULL REFERENCES org_unit_groups (id),
    org_unit_id integer NOT NULL REFERENCES org_units (id),
    PRIMARY KEY (group_id, org_unit_id)
);
CREATE INDEX ix_org_unit_group_members_unit ON org_unit_group_members (org_unit_id);
INSERT INTO org_unit_group_sets (id, code, name, is_exclusive) VALUES
    (1, 'facility_type', '机构类别', true), (2, 'grade', '等级', true), (3, 'ownership', '所有制', true), (4, 'urban_rural', '城乡', true);
