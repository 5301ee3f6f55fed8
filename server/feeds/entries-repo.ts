import type { Db } from '../db/open';
import { stmt } from '../db/statements';

/** An entry as the refresh stores it: sanitized HTML, plain text for the search index, a hash of it all. */
export interface StoredEntry {
	guid: string;
	url: string | null;
	title: string;
	author: string | null;
	summary: string | null;
	content: string | null;
	publishedAt: number;
	updatedAt: number | null;
	enclosures: string;
	categories: string;
	language: string | null;
	dir: 'ltr' | 'rtl';
	contentHash: string;
	/** Plain text of the content (or summary) for entries_fts. */
	plainText: string;
}

/** The feed's stored entries by guid, with their content hash: one query instead of one per entry. */
export function entryHashes(db: Db, feedId: number): Map<string, { id: number; content_hash: string }> {
	const rows = stmt<[number], { id: number; guid: string; content_hash: string }>(
		db,
		'SELECT id, guid, content_hash FROM entries WHERE feed_id = ?'
	).all(feedId);
	return new Map(rows.map((row) => [row.guid, row]));
}

/** One stored entry of the feed by guid, with its content hash. */
export function entryHash(db: Db, feedId: number, guid: string): { id: number; content_hash: string } | undefined {
	return stmt<[number, string], { id: number; content_hash: string }>(
		db,
		'SELECT id, content_hash FROM entries WHERE feed_id = ? AND guid = ?'
	).get(feedId, guid);
}

/** Guids of the feed's entries that retention deleted: a fetch must not bring them back. */
export function tombstonedGuids(db: Db, feedId: number): Set<string> {
	return new Set(
		stmt<[number], { guid: string }>(db, 'SELECT guid FROM entry_tombstones WHERE feed_id = ?')
			.all(feedId)
			.map((row) => row.guid)
	);
}

/** Whether retention deleted this entry of the feed: a fetch must not bring it back. */
export function isTombstoned(db: Db, feedId: number, guid: string): boolean {
	return (
		stmt<[number, string], { found: number }>(
			db,
			'SELECT 1 AS found FROM entry_tombstones WHERE feed_id = ? AND guid = ?'
		).get(feedId, guid) !== undefined
	);
}

export function insertEntry(db: Db, feedId: number, e: StoredEntry, fetchedAt: number, version: number): number {
	const id = stmt<object, { id: number }>(
		db,
		`INSERT INTO entries (feed_id, guid, url, title, author, summary, content, published_at, updated_at, fetched_at,
		 enclosures, categories, language, dir, content_hash, version)
		 VALUES (@feedId, @guid, @url, @title, @author, @summary, @content, @publishedAt, @updatedAt, @fetchedAt,
		 @enclosures, @categories, @language, @dir, @contentHash, @version) RETURNING id`
	).get({ ...entryParams(e), feedId, fetchedAt, version })!.id;
	indexEntry(db, id, e);
	return id;
}

export function updateEntry(db: Db, entryId: number, e: StoredEntry, version: number): void {
	// published_at stays: an undated entry was given the time it was first fetched.
	stmt(
		db,
		`UPDATE entries SET url = @url, title = @title, author = @author, summary = @summary, content = @content,
		 updated_at = @updatedAt, enclosures = @enclosures, categories = @categories,
		 language = @language, dir = @dir, content_hash = @contentHash, version = @version WHERE id = @entryId`
	).run({ ...entryParams(e), entryId, version });
	stmt(db, 'DELETE FROM entries_fts WHERE rowid = ?').run(entryId);
	indexEntry(db, entryId, e);
}

/** The entry's columns as named parameters (better-sqlite3 ignores the ones a statement does not use). */
function entryParams(e: StoredEntry) {
	const { plainText: _plainText, ...columns } = e;
	return columns;
}

function indexEntry(db: Db, entryId: number, e: StoredEntry): void {
	stmt(db, 'INSERT INTO entries_fts (rowid, title, author, body) VALUES (?, ?, ?, ?)').run(
		entryId,
		e.title,
		e.author ?? '',
		e.plainText
	);
}
