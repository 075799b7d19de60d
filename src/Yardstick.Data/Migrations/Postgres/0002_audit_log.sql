-- Every change to stored data: which change set (who, when, source), what, old → new.
CREATE TABLE audit_log (
    id bigserial NOT NULL PRIMARY KEY,
    change_set_id bigint NOT NULL REFERENCES change_sets (id),
    entity text NOT NULL,
    entity_key text NOT NULL,
    old_value text NULL,
    new_value text NULL
);
CREATE INDEX ix_audit_log_entity ON audit_log (entity, entity_key);
