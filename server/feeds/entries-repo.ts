import type { Sql } from '../db/sql';

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
export async function entryHashes(
	sql: Sql,
	feedId: number
): Promise<Map<string, { id: number; content_hash: string }>> {
	const rows = await sql.all<{ id: number; guid: string; content_hash: string }>(
		'SELECT id, guid, content_hash FROM entries WHERE feed_id = ?',
		[feedId]
	);
	return new Map(rows.map((row) => [row.guid, row]));
}

/** One stored entry of the feed by guid, with its content hash. */
export async function entryHash(
	sql: Sql,
	feedId: number,
	guid: string
): Promise<{ id: number; content_hash: string } | undefined> {
	return sql.get<{ id: number; content_hash: string }>(
		'SELECT id, content_hash FROM entries WHERE feed_id = ? AND guid = ?',
		[feedId, guid]
	);
}

/** Guids of the feed's entries that retention deleted: a fetch must not bring them back. */
export async function tombstonedGuids(sql: Sql, feedId: number): Promise<Set<string>> {
	return new Set(
		(await sql.all<{ guid: string }>('SELECT guid FROM entry_tombstones WHERE feed_id = ?', [feedId])).map(
			(row) => row.guid
		)
	);
}

/** Whether retention deleted this entry of the feed: a fetch must not bring it back. */
export async function isTombstoned(sql: Sql, feedId: number, guid: string): Promise<boolean> {
	return (
		(await sql.get<{ found: number }>('SELECT 1 AS found FROM entry_tombstones WHERE feed_id = ? AND guid = ?', [
			feedId,
			guid
		])) !== undefined
	);
}

export async function insertEntry(
	sql: Sql,
	feedId: number,
	e: StoredEntry,
	fetchedAt: number,
	version: number
): Promise<number> {
	const id = (await sql.get<{ id: number }>(
		`INSERT INTO entries (feed_id, guid, url, title, author, summary, content, published_at, updated_at, fetched_at,
		 enclosures, categories, language, dir, content_hash, version)
		 VALUES (@feedId, @guid, @url, @title, @author, @summary, @content, @publishedAt, @updatedAt, @fetchedAt,
		 @enclosures, @categories, @language, @dir, @contentHash, @version) RETURNING id`,
		{ ...entryParams(e), feedId, fetchedAt, version }
	))!.id;
	await indexEntry(sql, id, e);
	return id;
}

export async function updateEntry(sql: Sql, entryId: number, e: StoredEntry, version: number): Promise<void> {
	// published_at stays: an undated entry was given the time it was first fetched.
	await sql.run(
		`UPDATE entries SET url = @url, title = @title, author = @author, summary = @summary, content = @content,
		 updated_at = @updatedAt, enclosures = @enclosures, categories = @categories,
		 language = @language, dir = @dir, content_hash = @contentHash, version = @version WHERE id = @entryId`,
		{ ...entryParams(e), entryId, version }
	);
	await sql.run('DELETE FROM entries_fts WHERE rowid = ?', [entryId]);
	await indexEntry(sql, entryId, e);
}

/** The entry's columns as named parameters (better-sqlite3 ignores the ones a statement does not use). */
function entryParams(e: StoredEntry) {
	const { plainText: _plainText, ...columns } = e;
	return columns;
}

async function indexEntry(sql: Sql, entryId: number, e: StoredEntry): Promise<void> {
	await sql.run('INSERT INTO entries_fts (rowid, title, author, body) VALUES (?, ?, ?, ?)', [
		entryId,
		e.title,
		e.author ?? '',
		e.plainText
	]);
}
