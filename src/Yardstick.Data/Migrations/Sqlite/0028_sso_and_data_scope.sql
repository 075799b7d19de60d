-- 统一身份认证 (issue 29): the provider's account an administrator ties to this account, when sign-on matches by an
-- external id (a staff number) rather than the user name or e-mail. One provider account names one account here.
ALTER TABLE users ADD COLUMN external_id TEXT NULL;
CREATE UNIQUE INDEX ix_users_external_id ON users (external_id);

-- A 处室 account's read-only data scope (issue 29): the org unit whose subtree's figures it may read beside its
-- department's tasks; null for every other account, whose figures are its own scope's.
ALTER TABLE users ADD COLUMN data_scope_code TEXT NULL;
