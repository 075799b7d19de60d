-- Approval level by level (issue 27): a data set names its approving tiers bottom up (level:3;level:2 — 县 then 市), and a
-- report in review counts the levels that have approved it. Empty and 0: one approval by any reviewer above, as before.
ALTER TABLE data_sets ADD COLUMN approval_levels text NOT NULL DEFAULT '';
ALTER TABLE data_set_reports ADD COLUMN approved_levels integer NOT NULL DEFAULT 0;
