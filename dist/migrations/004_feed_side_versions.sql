-- A pull first asks whether anything on the feeds' side (feed rows, entries, removed entries) changed since its
-- cookie: the newest version of each table is then one index look-up, and most pulls (a device catching up with
-- its own user's marks and moves) skip the entry queries entirely. entries and entry_tombstones already have one.
CREATE INDEX feeds_version ON feeds (version);
