-- The live engine follows committed change sets (LiveEngine.CatchUpAsync): the values a change set wrote are found by
-- its id, and a change set that touched the org-unit tree or the data elements says so, so followers reshape.
ALTER TABLE change_sets ADD COLUMN metadata boolean NOT NULL DEFAULT false;
CREATE INDEX ix_data_values_change_set ON data_values (change_set_id);

-- Names this database, so an engine snapshot file is used only with the database it was taken from.
CREATE TABLE store_identity (id text NOT NULL PRIMARY KEY);
INSERT INTO store_identity (id) VALUES (md5(random()::text || clock_timestamp()::text));
