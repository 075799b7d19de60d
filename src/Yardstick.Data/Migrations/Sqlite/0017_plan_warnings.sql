-- A plan's 预警 thresholds (issue 28): points behind 序时进度 at which a target's light turns yellow and red; empty means
-- the defaults (0 and 20, WarningThresholds.Default).
ALTER TABLE plans ADD COLUMN warning_yellow_gap INTEGER NULL;
ALTER TABLE plans ADD COLUMN warning_red_gap INTEGER NULL;
