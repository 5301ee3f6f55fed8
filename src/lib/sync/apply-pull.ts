import type { TidingsDb } from '$lib/db/database';
import { setMeta } from '$lib/db/meta';
import type { LocalEntry } from '$lib/db/schema';
import type { PullResponse, SyncEntry, SyncEntryState } from '$lib/shared/sync';
import { applyMutation, deleteSubscription } from './apply-mutation';
import { dropAcknowledged, pendingMutations } from './outbox';

function pullTables(db: TidingsDb) {
	return [db.folders, db.subscriptions, db.entries, db.orphanStates, db.outbox, db.meta];
}

/**
 * Applies one page of a pull in ONE transaction: the server's rows, the acknowledgement of processed mutations,
 * the still-pending mutations re-applied on top, and the new cookie. A crash between pages leaves the database
 * at a consistent page boundary, and the next pull resumes from the stored cookie.
 */
export async function applyPullPage(db: TidingsDb, page: PullResponse): Promise<void> {
	await db.transaction('rw', pullTables(db), async () => {
		if (page.reset) await clearPulledData(db);
		if (page.folders.length) await db.folders.bulkPut(page.folders);
		if (page.subscriptions.length) await db.subscriptions.bulkPut(page.subscriptions);
		await putEntries(db, page.entries);
		await putStates(db, page.entryStates);
		await applyDeletions(db, page.deleted);
		if (page.settings) await setMeta(db, 'settings', page.settings);
		await dropAcknowledged(db, page.lastMutationId);
		for (const mutation of await pendingMutations(db)) await applyMutation(db, mutation);
		await setMeta(db, 'cookie', page.cookie);
	});
}

/** Everything that came from the server; the outbox, rejected list and this device's identity stay. */
async function clearPulledData(db: TidingsDb): Promise<void> {
	await Promise.all([db.folders.clear(), db.subscriptions.clear(), db.entries.clear(), db.orphanStates.clear()]);
}

/** New and updated entries keep this device's read/starred, or take a state that arrived before them. */
async function putEntries(db: TidingsDb, entries: SyncEntry[]): Promise<void> {
	if (entries.length === 0) return;
	const ids = entries.map((e) => e.id);
	const [existing, orphans] = await Promise.all([db.entries.bulkGet(ids), db.orphanStates.bulkGet(ids)]);
	const rows: LocalEntry[] = entries.map((entry, i) => {
		const orphan = orphans[i];
		const known = existing[i];
		const read = orphan ? Number(orphan.read) : (known?.read ?? 0);
		const starred = orphan ? Number(orphan.starred) : (known?.starred ?? 0);
		return { ...entry, read: read as 0 | 1, starred: starred as 0 | 1 };
	});
	await db.entries.bulkPut(rows);
	const usedOrphans = orphans.filter((o) => o !== undefined).map((o) => o.entryId);
	if (usedOrphans.length) await db.orphanStates.bulkDelete(usedOrphans);
}

async function putStates(db: TidingsDb, states: SyncEntryState[]): Promise<void> {
	if (states.length === 0) return;
	const existing = await db.entries.bulkGet(states.map((s) => s.entryId));
	const updates: { key: number; changes: Partial<LocalEntry> }[] = [];
	const orphans: SyncEntryState[] = [];
	states.forEach((state, i) => {
		if (existing[i]) {
			updates.push({ key: state.entryId, changes: { read: state.read ? 1 : 0, starred: state.starred ? 1 : 0 } });
		} else {
			orphans.push(state);
		}
	});
	if (updates.length) await db.entries.bulkUpdate(updates);
	if (orphans.length) await db.orphanStates.bulkPut(orphans);
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
	}
}
