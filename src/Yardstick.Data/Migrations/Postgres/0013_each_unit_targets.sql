-- "以乡镇为单位…≥95%": a target every unit of a tier must meet (the org-unit kind number: 4 乡镇街道苏木); null for an
-- ordinary target judged on the unit's pooled value.
ALTER TABLE targets ADD COLUMN each_unit integer NULL;
