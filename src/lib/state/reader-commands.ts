import { markAllRead, resubscribe, setRead, setStarred, unsubscribe } from '$lib/actions';
import type { TidingsDb } from '$lib/db/database';
import type { MarkAllReadScope } from '$lib/shared/mutations';
import { stepIndex } from './list-navigation';
import { reader, type ReaderView } from './reader.svelte';
import { undo } from './undo.svelte';

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
 * Marks what the view shows as read, with an undo. Feed, folder and the whole list use one bounded
 * entry.markAllRead; Starred is not a server scope, so its unread ids are marked explicitly.
 */
export async function markViewRead(db: TidingsDb, view: ReaderView, ids: number[]): Promise<void> {
	await markRead(db, view, ids);
	// Everything here is read: a list that hides read entries starts over, empty.
	reader.refreshList();
}

async function markRead(db: TidingsDb, view: ReaderView, ids: number[]): Promise<void> {
	switch (view.kind) {
		case 'unread':
		case 'all':
			return markScopeRead(db, { kind: 'all' });
		case 'folder':
			return markScopeRead(db, { kind: 'folder', folderId: view.folderId });
		case 'subscription':
			return markScopeRead(db, { kind: 'subscription', subscriptionId: view.subscriptionId });
		case 'starred': {
			const unread = (await db.entries.bulkGet(ids)).filter((e) => e?.read === 0).map((e) => e!.id);
			if (unread.length > 0) await setRead(db, unread, true);
			offerMarkedUndo(db, unread);
		}
	}
}

/** Mark all read in a feed, a folder or everywhere, with an undo that marks those same entries unread again. */
export async function markScopeRead(db: TidingsDb, scope: MarkAllReadScope): Promise<void> {
	offerMarkedUndo(db, await markAllRead(db, scope));
}

function offerMarkedUndo(db: TidingsDb, marked: number[]): void {
	if (marked.length === 0) return;
	undo.offerUndo({
		message: `Marked ${marked.length} ${marked.length === 1 ? 'entry' : 'entries'} read`,
		undo: () => setRead(db, marked, false)
	});
}

/** Unsubscribes at once (no confirmation), with an undo that subscribes again where and as it was. */
export async function unsubscribeWithUndo(db: TidingsDb, subscriptionId: string, title: string): Promise<void> {
	const removed = await unsubscribe(db, subscriptionId);
	if (!removed) return;
	if (reader.view.kind === 'subscription' && reader.view.subscriptionId === subscriptionId) {
		reader.showView({ kind: 'unread' });
	} else if (reader.selectedEntryId !== null && !(await db.entries.get(reader.selectedEntryId))) {
		reader.closeEntry();
	}
	undo.offerUndo({ message: `Unsubscribed from ${title}`, undo: () => resubscribe(db, removed) });
}
