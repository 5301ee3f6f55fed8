-- Invitations: a single-use, expiring link an admin shares; only the SHA-256 of its token is stored, so the
-- link is shown once, when it is made.
CREATE TABLE invitations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash BLOB NOT NULL UNIQUE,
  is_admin INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  used_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  revoked_at INTEGER
);

-- The name a device gave itself at sign-in ("Alice's phone"); without one, the list derives it from user_agent.
ALTER TABLE sessions ADD COLUMN device_name TEXT;
