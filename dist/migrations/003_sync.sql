-- Sync protocol (issue 4).

-- A pull reads a feed's entries by version, per subscription: (feed_id, version) lets both halves of the entry
-- query (newer than the cookie; everything up to the subscribe) run as index range scans that never touch content.
CREATE INDEX entries_feed_version ON entries (feed_id, version);
-- The same for removed entries: a pull reads only the tombstones of the user's feeds newer than its cookie.
CREATE INDEX entry_tombstones_feed_version ON entry_tombstones (feed_id, version);

-- Cookies older than this version may have missed a pruned tombstone: such a pull answers reset.
CREATE TABLE sync_horizon (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO sync_horizon (id, version) VALUES (1, 0);
