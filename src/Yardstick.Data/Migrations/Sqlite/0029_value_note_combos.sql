-- Notes per option combo (issue 27): a comment, source or 需核实 mark belongs to one value, and a value is one option
-- combo's (DHIS2 keeps a comment on the data value, combo included). Notes written before were the element's at the unit
-- and period: they become the default combo's (0), the note the entry form keeps beside a grid of combos.
CREATE TABLE value_notes_by_combo (
    data_element_id INTEGER NOT NULL,
    org_unit_id INTEGER NOT NULL,
    period_type INTEGER NOT NULL,
    period_start INTEGER NOT NULL,
    category_option_combo_id INTEGER NOT NULL DEFAULT 0,
    comment TEXT NULL,
    source TEXT NULL,
    follow_up INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (data_element_id, org_unit_id, period_type, period_start, category_option_combo_id)
);

INSERT INTO value_notes_by_combo (data_element_id, org_unit_id, period_type, period_start, category_option_combo_id, comment, source, follow_up)
SELECT data_element_id, org_unit_id, period_type, period_start, 0, comment, source, follow_up FROM value_notes;

DROP TABLE value_notes;
ALTER TABLE value_notes_by_combo RENAME TO value_notes;
