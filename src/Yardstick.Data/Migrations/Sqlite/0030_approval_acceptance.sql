-- 接收 in level-by-level approval (issue 27): a data set may require each level above the bottom to receive a report the level
-- below approved before approving it, and a report in review says whether the level next to approve has received it.
-- 0 and 0: no acceptance step, as before.
ALTER TABLE data_sets ADD COLUMN requires_acceptance INTEGER NOT NULL DEFAULT 0;
ALTER TABLE data_set_reports ADD COLUMN accepted INTEGER NOT NULL DEFAULT 0;
