-- Search as FTS5 searches (issue 19, search): words match without their accents, as FTS5's unicode61 tokenizer
-- with remove_diacritics does ("cafe" finds "Café"), through a text search configuration of 'simple' (no
-- stemming) with unaccent in front; and every '<' in the text is read as a space, because PostgreSQL's parser
-- takes '<script>' in plain text for a tag and skips every word up to a closing one. The search query's headlines
-- swap '<' the same way (server/entries/search-repo.ts).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION tidings_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION tidings_search ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

ALTER TABLE entries_fts DROP COLUMN document;
ALTER TABLE entries_fts ADD COLUMN document TSVECTOR GENERATED ALWAYS AS (
  setweight(to_tsvector('tidings_search', replace(coalesce(title, ''), '<', ' ')), 'A')
  || setweight(to_tsvector('tidings_search', replace(coalesce(author, ''), '<', ' ')), 'B')
  || setweight(to_tsvector('tidings_search', replace(coalesce(body, ''), '<', ' ')), 'D')
) STORED;
CREATE INDEX entries_fts_document ON entries_fts USING GIN (document);
