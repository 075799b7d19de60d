-- Messages to people (issue 29, point 3).
-- message_reads: a message read by one person. A message to a unit is unread for each user of that unit until that user
-- reads it; a colleague reading it hides it from nobody else. messages.read_at keeps one meaning from here on: read for
-- the whole unit — the messages read before this migration (who read them was never kept, so they stay read for
-- everyone rather than coming back as new) and a demo's past — and nothing sets it for a person any more.
CREATE TABLE message_reads (
    message_id INTEGER NOT NULL REFERENCES messages (id),
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    read_at TEXT NOT NULL,
    PRIMARY KEY (message_id, user_id)
);
CREATE INDEX ix_message_reads_user ON message_reads (user_id);

-- How a kind of message reaches a person besides the inbox (which is always): by e-mail (to the account's address) and
-- through the unit's group robot. No row: the defaults (no e-mail, the robot on).
CREATE TABLE message_preferences (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    by_email INTEGER NOT NULL,
    by_robot INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- A unit's group robot: 企业微信 (wecom) or 钉钉 (dingtalk, optional 加签 secret sealed by the key file, never shown back).
CREATE TABLE unit_robots (
    org_unit_id INTEGER NOT NULL PRIMARY KEY REFERENCES org_units (id),
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    sealed_secret TEXT NULL,
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL
);

-- The outbox: one row per message × channel × recipient (an e-mail per user, a robot post per unit), written in the
-- transaction of the message; delivered by the scheduled job of any instance, which claims a row compare-and-set
-- (pending and due → sending until claimed_until), so one instance sends it; a failure is retried after 1, 2, 4 … 60
-- minutes and given up (failed, 投递失败) after a fixed number of tries. Every try is a message_delivery_attempts row.
CREATE TABLE message_deliveries (
    id INTEGER NOT NULL PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages (id),
    channel TEXT NOT NULL,
    org_unit_id INTEGER NOT NULL REFERENCES org_units (id),
    user_id TEXT NULL,
    address TEXT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_at TEXT NOT NULL,
    claimed_until TEXT NULL,
    last_error TEXT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT NULL
);
CREATE INDEX ix_message_deliveries_due ON message_deliveries (status, next_at);
CREATE INDEX ix_message_deliveries_unit ON message_deliveries (org_unit_id, id);

CREATE TABLE message_delivery_attempts (
    delivery_id INTEGER NOT NULL REFERENCES message_deliveries (id),
    no INTEGER NOT NULL,
    at TEXT NOT NULL,
    ok INTEGER NOT NULL,
    error TEXT NULL,
    PRIMARY KEY (delivery_id, no)
);
