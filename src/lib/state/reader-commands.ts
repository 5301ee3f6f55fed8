import { markAllRead, setRead, setStarred } from '$lib/actions';
import type { TidingsDb } from '$lib/db/database';
import { stepIndex } from './list-navigation';
import { reader, type ReaderView } from './reader.svelte';

/** What the reader's buttons and shortcuts do, in one place so both behave the same. */

/** Opening an entry marks it read. */
export async function openEntryAt(db: TidingsDb, ids: number[], index: number): Promise<void> {
	const id = ids[index];
	if (id === undefined) return;
	reader.openEntry(id, index);
	const entry = await db.entries.get(id);
	if (entry && entry.read === 0) await setRead(db, [id], true);
}

export function step(db: TidingsDb, ids: number[], delta: 1 | -1): Promise<void> {
	return openEntryAt(db, ids, stepIndex(ids, reader.selectedEntryId, reader.selectedIndex, delta));
}

export async function toggleRead(db: TidingsDb, entryId: number): Promise<void> {
	const entry = await db.entries.get(entryId);
	if (entry) await setRead(db, [entryId], entry.read === 0);
}

export async function toggleStar(db: TidingsDb, entryId: number): Promise<void> {
	const entry = await db.entries.get(entryId);
	if (entry) await setStarred(db, entryId, !entry.starred);
}

export async function openOriginal(db: TidingsDb, entryId: number): Promise<void> {
	const entry = await db.entries.get(entryId);
	if (entry?.url) window.open(entry.url, '_blank', 'noopener,noreferrer');
}

/**
 * Marks what the view shows as read. Feed, folder and the whole list use one bounded entry.markAllRead; Starred is
 * not a server scope, so its ids are marked explicitly.
 */
export async function markViewRead(db: TidingsDb, view: ReaderView, ids: number[]): Promise<void> {
	switch (view.kind) {
		case 'unread':
		case 'all':
			return markAllRead(db, { kind: 'all' });
		case 'folder':
			return markAllRead(db, { kind: 'folder', folderId: view.folderId });
		case 'subscription':
			return markAllRead(db, { kind: 'subscription', subscriptionId: view.subscriptionId });
		case 'starred':
			if (ids.length > 0) await setRead(db, ids, true);
	}
}
