-- 接收 in level-by-level approval (issue 27): a data set may require each level above the bottom to receive a report the level
-- below approved before approving it, and a report in review says whether the level next to approve has received it.
-- false and false: no acceptance step, as before.
ALTER TABLE data_sets ADD COLUMN requires_acceptance boolean NOT NULL DEFAULT false;
ALTER TABLE data_set_reports ADD COLUMN accepted boolean NOT NULL DEFAULT false;
