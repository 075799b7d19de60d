-- A draft 督办 task when a target's light turns red (issue 28). reason: why a task exists and the figures behind it (a
-- red light's words, kept as written when the draft was made). warning_key names the red episode a draft answers
-- (plan/indicator/unit/episode): unique, so two instances or two runs never store two drafts for one episode.
-- target_lights remembers, per plan, indicator and unit, whether the light was last seen red and how many times it has
-- turned red (episode): a draft is made when it turns red, not while it stays red, so a dismissed draft is not made again
-- until the light has been green or yellow and turns red once more; task_id is the draft of the last episode.
ALTER TABLE plan_tasks ADD COLUMN reason text NULL;
ALTER TABLE plan_tasks ADD COLUMN warning_key text NULL;
CREATE UNIQUE INDEX ux_plan_tasks_warning_key ON plan_tasks (warning_key);

CREATE TABLE target_lights (
    plan_id integer NOT NULL REFERENCES plans (id),
    indicator_id integer NOT NULL REFERENCES indicators (id),
    org_unit_id integer NOT NULL REFERENCES org_units (id),
    light text NOT NULL,
    episode integer NOT NULL,
    task_id bigint NULL REFERENCES plan_tasks (id),
    PRIMARY KEY (plan_id, indicator_id, org_unit_id)
);
