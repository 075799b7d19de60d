-- Every change to stored data: which change set (who, when, source), what, old → new.
CREATE TABLE audit_log (
    id INTEGER NOT NULL PRIMARY KEY,
    change_set_id INTEGER NOT NULL REFERENCES change_sets (id),
    entity TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    old_value TEXT NULL,
    new_value TEXT NULL
);
CREATE INDEX ix_audit_log_entity ON audit_log (entity, entity_key);
