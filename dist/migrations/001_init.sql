-- Times are integer milliseconds since the epoch (UTC). Every row a user can pull carries `version`, taken from
-- the single counter in sync_seq (see server/db/version.ts): a writer is serialized by SQLite, so versions commit
-- in increasing order and a reader's snapshot never sees a gap it will later have to fill.

CREATE TABLE sync_seq (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO sync_seq (id, value) VALUES (1, 0);

CREATE TABLE server_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL,
  -- NFKC + lower case of username: "Alice" and "alice" are one account.
  username_key TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  is_admin INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  -- The app's synced settings (JSON object) and the version of their last change.
  settings TEXT NOT NULL DEFAULT '{}',
  settings_version INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash BLOB NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER,
  user_agent TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One row per feed URL, shared by every subscriber.
CREATE TABLE feeds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  url TEXT NOT NULL UNIQUE,
  title TEXT,
  site_url TEXT,
  description TEXT,
  icon_url TEXT,
  language TEXT,
  etag TEXT,
  last_modified TEXT,
  body_hash TEXT,
  last_fetched_at INTEGER,
  next_fetch_at INTEGER NOT NULL DEFAULT 0,
  http_status INTEGER,
  last_error TEXT,
  consecutive_errors INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  -- Bumped when what subscribers see of the feed (title, icon, error state) changes.
  version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX feeds_next_fetch ON feeds (next_fetch_at);

CREATE TABLE folders (
  id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  order_key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX folders_user_version ON folders (user_id, version);

CREATE TABLE subscriptions (
  id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  feed_id INTEGER NOT NULL REFERENCES feeds (id),
  folder_id TEXT REFERENCES folders (id),
  order_key TEXT NOT NULL,
  title TEXT,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  -- The version at which this user started to receive the feed's entries: a pull whose cookie is older gets the
  -- feed's existing entries too, even though their own versions are older.
  entries_since_version INTEGER NOT NULL,
  UNIQUE (user_id, feed_id)
);
CREATE INDEX subscriptions_user_version ON subscriptions (user_id, version);
CREATE INDEX subscriptions_feed ON subscriptions (feed_id);
CREATE INDEX subscriptions_folder ON subscriptions (folder_id);

CREATE TABLE entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
  guid TEXT NOT NULL,
  url TEXT,
  title TEXT NOT NULL DEFAULT '',
  author TEXT,
  summary TEXT,
  content TEXT,
  published_at INTEGER NOT NULL,
  updated_at INTEGER,
  fetched_at INTEGER NOT NULL,
  enclosures TEXT NOT NULL DEFAULT '[]',
  categories TEXT NOT NULL DEFAULT '[]',
  language TEXT,
  dir TEXT NOT NULL DEFAULT 'ltr',
  content_hash TEXT NOT NULL,
  full_content TEXT,
  extract_error TEXT,
  extracted_at INTEGER,
  version INTEGER NOT NULL,
  UNIQUE (feed_id, guid)
);
CREATE INDEX entries_version ON entries (version);
CREATE INDEX entries_feed_published ON entries (feed_id, published_at);

-- Entries removed by retention: a later fetch must not bring them back, and pulls must delete them on devices.
CREATE TABLE entry_tombstones (
  feed_id INTEGER NOT NULL,
  guid TEXT NOT NULL,
  entry_id INTEGER NOT NULL,
  deleted_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (feed_id, guid)
);
CREATE INDEX entry_tombstones_version ON entry_tombstones (version);

-- A missing row means unread and not starred.
CREATE TABLE entry_states (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
  read INTEGER NOT NULL DEFAULT 0,
  starred INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (user_id, entry_id)
) WITHOUT ROWID;
CREATE INDEX entry_states_user_version ON entry_states (user_id, version);

-- Deleted folders and subscriptions, so pulls can remove them on devices.
CREATE TABLE tombstones (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('folder', 'subscription')),
  id TEXT NOT NULL,
  deleted_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (user_id, kind, id)
);
CREATE INDEX tombstones_user_version ON tombstones (user_id, version);

CREATE TABLE sync_clients (
  client_id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  last_mutation_id INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX sync_clients_user ON sync_clients (user_id);
