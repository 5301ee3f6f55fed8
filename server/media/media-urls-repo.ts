import type { Sql } from '../db/sql';

export interface MediaUrlState {
	mode: string;
	nextId: number | null;
}

export interface StoredHtml {
	id: number;
	content: string | null;
	full_content: string | null;
}

export async function mediaUrlState(sql: Sql): Promise<MediaUrlState> {
	const row = (await sql.get<{ mode: string; next_id: number | null }>(
		'SELECT mode, next_id FROM media_url_state WHERE id = 1'
	))!;
	return { mode: row.mode, nextId: row.next_id };
}

export async function saveMediaUrlState(sql: Sql, state: MediaUrlState): Promise<void> {
	await sql.run('UPDATE media_url_state SET mode = ?, next_id = ? WHERE id = 1', [state.mode, state.nextId]);
}

/** Entries from `fromId` on, in id order: the rewrite's next chunk. Shared rows of every feed, no user data. */
export async function entriesHtmlFrom(sql: Sql, fromId: number, limit: number): Promise<StoredHtml[]> {
	return sql.all<StoredHtml>('SELECT id, content, full_content FROM entries WHERE id >= ? ORDER BY id LIMIT ?', [
		fromId,
		limit
	]);
}

/** New HTML is a change devices must pull, so it takes a new version. */
export async function saveEntryHtml(sql: Sql, entry: StoredHtml, version: number): Promise<void> {
	await sql.run('UPDATE entries SET content = ?, full_content = ?, version = ? WHERE id = ?', [
		entry.content,
		entry.full_content,
		version,
		entry.id
	]);
}
