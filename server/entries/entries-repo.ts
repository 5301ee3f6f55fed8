import type { Sql } from '../db/sql';

export interface ExtractableEntry {
	id: number;
	feed_id: number;
	url: string | null;
	full_content: string | null;
	extract_error: string | null;
	extracted_at: number | null;
}

/** The entry, only when the user is subscribed to its feed. */
export async function entryForUser(sql: Sql, userId: number, entryId: number): Promise<ExtractableEntry | undefined> {
	return sql.get<ExtractableEntry>(
		`SELECT e.id, e.feed_id, e.url, e.full_content, e.extract_error, e.extracted_at FROM entries e
		 WHERE e.id = ? AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = e.feed_id AND s.user_id = ?)`,
		[entryId, userId]
	);
}

/** Full text is part of what devices sync (offline reading), so storing it stamps a new version. */
export async function saveFullContent(
	sql: Sql,
	entryId: number,
	html: string,
	at: number,
	version: number
): Promise<void> {
	await sql.run(
		'UPDATE entries SET full_content = ?, extract_error = NULL, extracted_at = ?, version = ? WHERE id = ?',
		[html, at, version, entryId]
	);
}

export async function saveExtractError(sql: Sql, entryId: number, error: string, at: number): Promise<void> {
	await sql.run('UPDATE entries SET extract_error = ?, extracted_at = ? WHERE id = ?', [error, at, entryId]);
}
