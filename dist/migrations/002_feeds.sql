-- Feed engine: schedule state the fetcher needs, favicons, and full-text search over entries.

-- The feed's own <ttl> in minutes (a lower bound for the next fetch).
ALTER TABLE feeds ADD COLUMN ttl_minutes INTEGER;
-- Set when the feed answered 410 Gone: the scheduler stops fetching it; subscribers see last_error.
ALTER TABLE feeds ADD COLUMN gone_at INTEGER;
-- When the site's icon was last looked for, so a refresh does not fetch it every time.
ALTER TABLE feeds ADD COLUMN icon_checked_at INTEGER;

-- One small icon per feed, served by GET /api/icons/:feedId.
CREATE TABLE feed_icons (
  feed_id INTEGER PRIMARY KEY REFERENCES feeds (id) ON DELETE CASCADE,
  content_type TEXT NOT NULL,
  data BLOB NOT NULL,
  source_url TEXT NOT NULL,
  fetched_at INTEGER NOT NULL
);

-- Full-text index of entries: rowid = entries.id; body is the plain text of the content (or summary). It keeps its
-- own copy of the text (not contentless) because snippet() needs the text to highlight. The refresh code writes
-- it with each insert or update; the trigger removes rows when entries go (retention, a deleted feed).
CREATE VIRTUAL TABLE entries_fts USING fts5 (title, author, body, tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
  DELETE FROM entries_fts WHERE rowid = old.id;
END;

-- Retention looks for old read entries per feed.
CREATE INDEX entry_states_entry ON entry_states (entry_id);
