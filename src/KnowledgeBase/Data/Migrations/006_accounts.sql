-- Local accounts. user_name compares case-insensitively (ASCII), so "Alice" and "alice" are one account.
-- password_hash is ASP.NET Core Identity's PasswordHasher format (PBKDF2, salt and iteration count inside).
-- security_stamp changes when the password changes or the account is disabled: sign-in cookies carrying
-- the old stamp stop working at their next request.
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    user_name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role            TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
    password_hash   TEXT NOT NULL,
    disabled        INTEGER NOT NULL DEFAULT 0,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER,            -- unix seconds; sign-in refused before then
    security_stamp  TEXT NOT NULL,
    created         TEXT NOT NULL
);

-- API tokens are stored as the SHA-256 of the token (hex): the token itself is shown once and never kept.
CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created     TEXT NOT NULL,
    last_used   TEXT
);
CREATE INDEX ix_api_tokens_user ON api_tokens(user_id);
