-- 只统计已审核数据 per plan (issue 27): the approval level (市, 县, 全部) its evaluations read values at; NULL: every value.
ALTER TABLE plans ADD COLUMN approved_only text NULL;
