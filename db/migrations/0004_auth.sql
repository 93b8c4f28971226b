-- Access control: users, their sessions and API tokens, and the audit log.
-- Secrets are never stored: a session's cookie id and an API token are kept only as SHA-256
-- hashes, a password only as its scrypt hash with salt and parameters.

CREATE SEQUENCE users_id_seq START 1;

CREATE TABLE users (
  user_id INTEGER PRIMARY KEY DEFAULT nextval('users_id_seq'),
  -- Lower-case NFKC (app/lib/auth/users.server.ts), so "Admin" and "admin" are one account.
  username VARCHAR NOT NULL UNIQUE,
  role VARCHAR NOT NULL
    CHECK (role IN ('admin', 'data_officer', 'leader', 'commission', 'district_officer')),
  -- The districts a district_officer may see; empty for city-wide roles (and then ignored).
  district_codes VARCHAR[] NOT NULL,
  password_hash VARCHAR NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  last_login_at TIMESTAMP
);

-- A browser session. Idle expiry uses last_seen_at; expires_at is the absolute end.
CREATE TABLE sessions (
  id_hash VARCHAR PRIMARY KEY,
  user_id INTEGER NOT NULL,
  created_at TIMESTAMP NOT NULL,
  last_seen_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL,
  ip VARCHAR,
  user_agent VARCHAR
);

-- An API token (Authorization: Bearer). token_id is public (listed, used to revoke); the
-- token itself is shown once, by `npm run user -- token`.
CREATE TABLE api_tokens (
  token_id VARCHAR PRIMARY KEY,
  token_hash VARCHAR NOT NULL UNIQUE,
  user_id INTEGER NOT NULL,
  created_at TIMESTAMP NOT NULL,
  created_by VARCHAR NOT NULL,
  last_used_at TIMESTAMP,
  revoked_at TIMESTAMP
);

-- Append-only: the application has no statement that updates or deletes these rows
-- (db/queries/audit.ts exports an insert and reads only).
CREATE SEQUENCE audit_log_id_seq START 1;

CREATE TABLE audit_log (
  audit_id INTEGER PRIMARY KEY DEFAULT nextval('audit_log_id_seq'),
  occurred_at TIMESTAMP NOT NULL,
  actor VARCHAR NOT NULL,
  actor_role VARCHAR,
  action VARCHAR NOT NULL,
  target VARCHAR,
  detail VARCHAR,
  ip VARCHAR
);
