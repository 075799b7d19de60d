-- The steps offices use beside the 督办 loop (issue 29). On plan_tasks: inspection_required (1: 销号前须督查核实),
-- original_deadline (the deadline before the first granted 延期; null when none was granted), extension_asked (the
-- day a pending 延期申请 asks for; null when none waits — one at a time, claimed compare-and-set). On task_updates, what
-- a step names beside its note: day (the day asked or granted by a 延期 step, the day of a 督查核实), conclusion (a
-- 督查核实's: verified, mostly_verified, unverified) and rating (a 销号's quality rating, 1–5; null on older closes).
ALTER TABLE plan_tasks ADD COLUMN inspection_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plan_tasks ADD COLUMN original_deadline TEXT NULL;
ALTER TABLE plan_tasks ADD COLUMN extension_asked TEXT NULL;
ALTER TABLE task_updates ADD COLUMN day TEXT NULL;
ALTER TABLE task_updates ADD COLUMN conclusion TEXT NULL;
ALTER TABLE task_updates ADD COLUMN rating INTEGER NULL;
