-- The live engine follows committed change sets (LiveEngine.CatchUpAsync): the values a change set wrote are found by
-- its id, and a change set that touched the org-unit tree or the data elements says so, so followers reshape.
ALTER TABLE change_sets ADD COLUMN metadata boolean NOT NULL DEFAULT false;
CREATE INDEX ix_data_values_change_set ON data_values (change_set_id);

-- Names this database, so an engine snapshot file is used only with the database it was taken from.
CREATE TABLE store_identity (id text NOT NULL PRIMARY KEY);
INSERT INTO store_identity (id) VALUES (md5(random()::text || clock_timestamp()::text));

-- Foreign keys on data_values cost PostgreSQL a trigger and a query per row: 31 µs a value, 12 minutes for a province's
-- 24M values (SQLite checks them for a tenth of that and keeps them). Every value reaches the table through the importer,
-- which resolves each element and unit code against the store before writing, and units and elements are closed or
-- renamed, never deleted: the keys cannot dangle.
ALTER TABLE data_values DROP CONSTRAINT IF EXISTS data_values_data_element_id_fkey;
ALTER TABLE data_values DROP CONSTRAINT IF EXISTS data_values_org_unit_id_fkey;
ALTER TABLE data_values DROP CONSTRAINT IF EXISTS data_values_change_set_id_fkey;
