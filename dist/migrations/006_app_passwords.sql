-- App passwords (issue 18): per-user, named, revocable passwords for native clients speaking the Google Reader
-- API. Only hashes are stored: SHA-256 of the password (found at ClientLogin) and of the Auth token derived from
-- it (found on every Reader API request). Revoking deletes the row, so both stop working at once.
-- Entries need nothing new: entries.id is already a monotonic integer key (AUTOINCREMENT) and entries.fetched_at
-- is the crawl time.
CREATE TABLE app_passwords (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  password_hash BLOB NOT NULL UNIQUE,
  auth_hash BLOB NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE INDEX app_passwords_user ON app_passwords (user_id);
