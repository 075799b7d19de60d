-- Notes per option combo (issue 27): a comment, source or 需核实 mark belongs to one value, and a value is one option
-- combo's (DHIS2 keeps a comment on the data value, combo included). Notes written before were the element's at the unit
-- and period: they become the default combo's (0), the note the entry form keeps beside a grid of combos.
ALTER TABLE value_notes ADD COLUMN category_option_combo_id integer NOT NULL DEFAULT 0;
ALTER TABLE value_notes DROP CONSTRAINT value_notes_pkey;
ALTER TABLE value_notes ADD CONSTRAINT value_notes_pkey
    PRIMARY KEY (data_element_id, org_unit_id, period_type, period_start, category_option_combo_id);
