-- How the image URLs in stored entries are written: 'direct', or signed for the media proxy with a key (named by
-- a hash of it). When the server starts with another setting, it rewrites the stored entries from next_id on, in
-- chunks that each move next_id forward, so an interrupted rewrite goes on where it stopped; NULL: all done.
CREATE TABLE media_url_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  mode TEXT NOT NULL,
  next_id INTEGER
);
INSERT INTO media_url_state (id, mode, next_id) VALUES (1, 'direct', NULL);
