-- Who may sign in to the web app and what they may do (ASP.NET Core Identity, mapped to snake_case by the web
-- app's AccessDb). Every user has an org-unit scope: they see and enter data for that subtree only.
CREATE TABLE users (
    id TEXT NOT NULL PRIMARY KEY,
    user_name TEXT NULL,
    normalized_user_name TEXT NULL UNIQUE,
    email TEXT NULL,
    normalized_email TEXT NULL,
    email_confirmed INTEGER NOT NULL,
    password_hash TEXT NULL,
    security_stamp TEXT NULL,
    concurrency_stamp TEXT NULL,
    phone_number TEXT NULL,
    phone_number_confirmed INTEGER NOT NULL,
    two_factor_enabled INTEGER NOT NULL,
    lockout_end TEXT NULL,
    lockout_enabled INTEGER NOT NULL,
    access_failed_count INTEGER NOT NULL,
    org_unit_code TEXT NOT NULL,
    must_change_password INTEGER NOT NULL,
    password_changed_at TEXT NULL
);
CREATE INDEX ix_users_normalized_email ON users (normalized_email);

CREATE TABLE roles (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NULL,
    normalized_name TEXT NULL UNIQUE,
    concurrency_stamp TEXT NULL
);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
);

CREATE TABLE user_claims (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    claim_type TEXT NULL,
    claim_value TEXT NULL
);

CREATE TABLE user_logins (
    login_provider TEXT NOT NULL,
    provider_key TEXT NOT NULL,
    provider_display_name TEXT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (login_provider, provider_key)
);

CREATE TABLE user_tokens (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    login_provider TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NULL,
    PRIMARY KEY (user_id, login_provider, name)
);

CREATE TABLE role_claims (
    id INTEGER NOT NULL PRIMARY KEY,
    role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    claim_type TEXT NULL,
    claim_value TEXT NULL
);
