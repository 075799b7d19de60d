-- A plan's task numbers are unique within the plan (issue 25): a document whose numbering restarts in every section
-- stored "1" under each heading, so "TL14-1" named several tasks. Those plans' document tasks (created_by IS NULL) are
-- numbered through in document order (their ids), as the importer now stores them (TaskNumbers.Unique); plans whose
-- numbers were already unique, and tasks made by 交办 (交办N), keep theirs. The audit log keeps the words it recorded.
UPDATE plan_tasks
SET no = CAST((SELECT count(*) FROM plan_tasks o WHERE o.plan_id = plan_tasks.plan_id AND o.created_by IS NULL AND o.id <= plan_tasks.id) AS TEXT)
WHERE created_by IS NULL
  AND plan_id IN (SELECT plan_id FROM plan_tasks WHERE created_by IS NULL GROUP BY plan_id HAVING count(*) <> count(DISTINCT no));
