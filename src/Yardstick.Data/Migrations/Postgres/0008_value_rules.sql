-- The rules across values are checked in SQL against what a change set wrote, element by element (Values/ValueRules):
-- the change-set index leads to one element's rows of a change set without reading the others. The live engine's
-- catch-up still finds a change set's values by its first column.
DROP INDEX ix_data_values_change_set;
CREATE INDEX ix_data_values_change_set ON data_values (change_set_id, data_element_id);
