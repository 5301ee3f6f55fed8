import type { Table } from 'dexie';
import type { TidingsDb } from '$lib/db/database';
import { setMeta } from '$lib/db/meta';
import type { LocalEntry } from '$lib/db/schema';
import type { PullResponse, SyncEntry, SyncEntryState } from '$lib/shared/sync';
import { deleteSubscription } from './apply-mutation';
import {
	confirmEntryStates,
	confirmFolders,
	confirmNothingPulled,
	confirmSettings,
	confirmSubscriptions,
	forgetEntries
} from './confirmed';
import { dropAcknowledged } from './outbox';
import { reapplyPending, rebase } from './rebase';

function pullTables(db: TidingsDb) {
	return [db.folders, db.subscriptions, db.entries, db.orphanStates, db.outbox, db.meta, db.confirmed];
}

/**
 * Applies one page of a pull in ONE transaction: the server's rows (and, for rows a pending mutation changed, as
 * their confirmed values), then the device's pending mutations on top, and the new cookie. The round's last page
 * also takes the mutations the server has processed out of the outbox and rebases (rebase.ts): a page is read in
 * one snapshot with its lastMutationId, and a round's pages together hold every change up to it. A crash between
 * pages leaves the database at a consistent page boundary, and the next pull resumes from the stored cookie.
 *
 * Removals go first: a feed unsubscribed and subscribed again (under a new subscription id) arrives as the old
 * id's removal and the new row with the feed's entries, and those entries must stay.
 */
export async function applyPullPage(db: TidingsDb, page: PullResponse): Promise<void> {
	await db.transaction('rw', pullTables(db), async () => {
		if (page.reset) {
			await clearPulledData(db);
			await confirmNothingPulled(db);
		}
		await applyDeletions(db, page.deleted);
		if (page.folders.length) await db.folders.bulkPut(page.folders);
		await confirmFolders(db, page.folders, page.deleted.folders);
		if (page.subscriptions.length) await db.subscriptions.bulkPut(page.subscriptions);
		await confirmSubscriptions(db, page.subscriptions, page.deleted.subscriptions);
		await putEntries(db, page.entries);
		await putStates(db, page.entryStates);
		if (page.settings) {
			await setMeta(db, 'settings', page.settings);
			await confirmSettings(db, page.settings);
		}
		if (!page.hasMore && (await dropAcknowledged(db, page.lastMutationId)) > 0) await rebase(db);
		else await reapplyPending(db);
		await setMeta(db, 'cookie', page.cookie);
	});
}

/** Everything that came from the server; the outbox, rejected list and this device's identity stay. */
async function clearPulledData(db: TidingsDb): Promise<void> {
	await Promise.all([db.folders.clear(), db.subscriptions.clear(), db.entries.clear(), db.orphanStates.clear()]);
}

/**
 * New and updated entries keep this device's read/starred, or take a state that arrived before them. Only the
 * ids already stored are looked up: on a first sync none is, and the page is written without reading a row.
 */
async function putEntries(db: TidingsDb, entries: SyncEntry[]): Promise<void> {
	if (entries.length === 0) return;
	const ids = entries.map((e) => e.id);
	const [known, orphans] = await Promise.all([storedRows(db.entries, ids), storedRows(db.orphanStates, ids)]);
	const rows: LocalEntry[] = entries.map((entry) => {
		const orphan = orphans.get(entry.id);
		const local = known.get(entry.id);
		const read = orphan ? orphan.read : local?.read === 1;
		const starred = orphan ? orphan.starred : local?.starred === 1;
		return { ...entry, read: read ? 1 : 0, starred: starred ? 1 : undefined };
	});
	await db.entries.bulkPut(rows);
	if (orphans.size) await db.orphanStates.bulkDelete([...orphans.keys()]);
}

async function putStates(db: TidingsDb, states: SyncEntryState[]): Promise<void> {
	if (states.length === 0) return;
	const ids = states.map((s) => s.entryId);
	const stored = await storedIds(db.entries, ids);
	const updates: { key: number; changes: Partial<LocalEntry> }[] = [];
	const orphans: SyncEntryState[] = [];
	for (const state of states) {
		if (stored.has(state.entryId)) {
			const changes = { read: state.read ? 1 : 0, starred: state.starred ? 1 : undefined } as const;
			updates.push({ key: state.entryId, changes });
		} else {
			orphans.push(state);
		}
	}
	if (updates.length) await db.entries.bulkUpdate(updates);
	if (orphans.length) await db.orphanStates.bulkPut(orphans);
	await confirmEntryStates(db, states);
}

/**
 * Which of `ids` the table holds: the stored keys between the lowest and the highest of them, in one request
 * (a cursor over `anyOf` would be one round trip per stored id it meets).
 */
async function storedIds(table: Table<unknown, number>, ids: number[]): Promise<Set<number>> {
	if (ids.length === 0) return new Set();
	const wanted = new Set(ids);
	const lowest = ids.reduce((a, b) => Math.min(a, b));
	const highest = ids.reduce((a, b) => Math.max(a, b));
	const keys = await table.where(':id').between(lowest, highest, true, true).primaryKeys();
	return new Set(keys.filter((id) => wanted.has(id)));
}

/** The stored rows among `ids` by id, reading only the rows that exist. */
async function storedRows<T>(table: Table<T, number>, ids: number[]): Promise<Map<number, T>> {
	const stored = [...(await storedIds(table, ids))];
	if (stored.length === 0) return new Map();
	const rows = await table.bulkGet(stored);
	return new Map(stored.map((id, i) => [id, rows[i]!]));
}

async function applyDeletions(db: TidingsDb, deleted: PullResponse['deleted']): Promise<void> {
	for (const folderId of deleted.folders) {
		await db.folders.delete(folderId);
		await db.subscriptions.where('folderId').equals(folderId).modify({ folderId: null });
	}
	for (const subscriptionId of deleted.subscriptions) await deleteSubscription(db, subscriptionId);
	if (deleted.entries.length) {
		await db.entries.bulkDelete(deleted.entries);
		await db.orphanStates.bulkDelete(deleted.entries);
		await forgetEntries(db, deleted.entries);
	}
}
