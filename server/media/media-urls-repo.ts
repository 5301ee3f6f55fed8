import type { Db } from '../db/open';
import { stmt } from '../db/statements';

export interface MediaUrlState {
	mode: string;
	nextId: number | null;
}

export interface StoredHtml {
	id: number;
	content: string | null;
	full_content: string | null;
}

export function mediaUrlState(db: Db): MediaUrlState {
	const row = stmt<[], { mode: string; next_id: number | null }>(
		db,
		'SELECT mode, next_id FROM media_url_state WHERE id = 1'
	).get()!;
	return { mode: row.mode, nextId: row.next_id };
}

export function saveMediaUrlState(db: Db, state: MediaUrlState): void {
	stmt(db, 'UPDATE media_url_state SET mode = ?, next_id = ? WHERE id = 1').run(state.mode, state.nextId);
}

/** Entries from `fromId` on, in id order: the rewrite's next chunk. Shared rows of every feed, no user data. */
export function entriesHtmlFrom(db: Db, fromId: number, limit: number): StoredHtml[] {
	return stmt<[number, number], StoredHtml>(
		db,
		'SELECT id, content, full_content FROM entries WHERE id >= ? ORDER BY id LIMIT ?'
	).all(fromId, limit);
}

/** New HTML is a change devices must pull, so it takes a new version. */
export function saveEntryHtml(db: Db, entry: StoredHtml, version: number): void {
	stmt(db, 'UPDATE entries SET content = ?, full_content = ?, version = ? WHERE id = ?').run(
		entry.content,
		entry.full_content,
		version,
		entry.id
	);
}
