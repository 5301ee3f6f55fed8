import type { Db } from '../db/open';
import { stmt } from '../db/statements';

export interface ExtractableEntry {
	id: number;
	feed_id: number;
	url: string | null;
	full_content: string | null;
	extract_error: string | null;
	extracted_at: number | null;
}

/** The entry, only when the user is subscribed to its feed. */
export function entryForUser(db: Db, userId: number, entryId: number): ExtractableEntry | undefined {
	return stmt<[number, number], ExtractableEntry>(
		db,
		`SELECT e.id, e.feed_id, e.url, e.full_content, e.extract_error, e.extracted_at FROM entries e
		 WHERE e.id = ? AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = e.feed_id AND s.user_id = ?)`
	).get(entryId, userId);
}

/** Full text is part of what devices sync (offline reading), so storing it stamps a new version. */
export function saveFullContent(db: Db, entryId: number, html: string, at: number, version: number): void {
	stmt(db, 'UPDATE entries SET full_content = ?, extract_error = NULL, extracted_at = ?, version = ? WHERE id = ?').run(
		html,
		at,
		version,
		entryId
	);
}

export function saveExtractError(db: Db, entryId: number, error: string, at: number): void {
	stmt(db, 'UPDATE entries SET extract_error = ?, extracted_at = ? WHERE id = ?').run(error, at, entryId);
}
