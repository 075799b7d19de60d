-- The importer's two built-in checks become stored default rules, listed beside a commission's own: high refuses the
-- write (as before), medium or low only warns. They read every value, so they have no sides.
INSERT INTO validation_rules (id, code, name, left_side, operator, right_side, importance, period_type, missing)
SELECT (SELECT coalesce(max(id), 0) + 1 FROM validation_rules), 'no_overlap', '不能填报相互重叠的期间', '', 'no_overlap', '', 'high', NULL, 'skip_if_any_missing'
WHERE NOT EXISTS (SELECT 1 FROM validation_rules WHERE code = 'no_overlap');
INSERT INTO validation_rules (id, code, name, left_side, operator, right_side, importance, period_type, missing)
SELECT (SELECT coalesce(max(id), 0) + 1 FROM validation_rules), 'numerator_le_denominator', '比率指标的分子不大于分母', '', 'numerator_le_denominator', '', 'high', NULL, 'skip_if_any_missing'
WHERE NOT EXISTS (SELECT 1 FROM validation_rules WHERE code = 'numerator_le_denominator');
