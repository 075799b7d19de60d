-- The live engine follows committed change sets (LiveEngine.CatchUpAsync): the values a change set wrote are found by
-- its id, and a change set that touched the org-unit tree or the data elements says so, so followers reshape.
ALTER TABLE change_sets ADD COLUMN metadata INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_data_values_change_set ON data_values (change_set_id);

-- Names this database, so an engine snapshot file is used only with the database it was taken from.
CREATE TABLE store_identity (id TEXT NOT NULL PRIMARY KEY);
INSERT INTO store_identity (id) VALUES (lower(hex(randomblob(16))));
