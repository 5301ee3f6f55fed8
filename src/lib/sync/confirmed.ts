import type { TidingsDb } from '$lib/db/database';
import { getMeta, setMeta } from '$lib/db/meta';
import type { ConfirmedRow, EntryFlags, LocalEntry, LocalFolder, LocalSubscription } from '$lib/db/schema';
import type { UserSettings } from '$lib/shared/mutations';
import type { SyncEntryState } from '$lib/shared/sync';

/*
 * The confirmed half of the rebase model (docs/sync-protocol.md, "What a device shows"). Before a pending mutation
 * first changes a row, the row's value as the server last sent it is kept here; a pull that brings a new server
 * value for such a row updates the kept value too. Rows without a kept value show exactly what the server sent.
 * rebase.ts puts the kept values back when mutations leave the outbox and applies the rest again.
 *
 * Entries keep only their read and starred flags: the rest of an entry is the feed's and no mutation changes it.
 */

export const folderKey = (id: string) => `folder:${id}`;
export const subscriptionKey = (id: string) => `subscription:${id}`;
export const entryKey = (id: number) => `entry:${id}`;
const SETTINGS_KEY = 'settings';

/** Keeps the given current values, except for rows whose confirmed value is already kept. */
async function keepFirst(db: TidingsDb, rows: ConfirmedRow[]): Promise<void> {
	if (rows.length === 0) return;
	const unique = [...new Map(rows.map((r) => [r.key, r])).values()];
	const kept = await db.confirmed.bulkGet(unique.map((r) => r.key));
	const missing = unique.filter((_, i) => kept[i] === undefined);
	if (missing.length) await db.confirmed.bulkAdd(missing);
}

export async function keepFolder(db: TidingsDb, folderId: string): Promise<void> {
	await keepFirst(db, [{ key: folderKey(folderId), row: (await db.folders.get(folderId)) ?? null }]);
}

export async function keepSubscription(db: TidingsDb, subscriptionId: string): Promise<void> {
	await keepFirst(db, [
		{ key: subscriptionKey(subscriptionId), row: (await db.subscriptions.get(subscriptionId)) ?? null }
	]);
}

export async function keepSubscriptions(db: TidingsDb, subscriptions: LocalSubscription[]): Promise<void> {
	await keepFirst(
		db,
		subscriptions.map((s) => ({ key: subscriptionKey(s.id), row: s }))
	);
}

export async function keepEntryFlags(db: TidingsDb, entries: LocalEntry[]): Promise<void> {
	await keepFirst(
		db,
		entries.map((e) => ({ key: entryKey(e.id), row: { read: e.read, starred: e.starred } }))
	);
}

export async function keepSettings(db: TidingsDb): Promise<void> {
	const settings = await getMeta(db, 'settings');
	if (settings) await keepFirst(db, [{ key: SETTINGS_KEY, row: settings }]);
}

/** Replaces the kept values that exist among `rows` (the server's newer values for rows a mutation changed). */
async function confirmKept(db: TidingsDb, rows: ConfirmedRow[]): Promise<void> {
	if (rows.length === 0 || (await db.confirmed.count()) === 0) return;
	const kept = await db.confirmed.bulkGet(rows.map((r) => r.key));
	const known = rows.filter((_, i) => kept[i] !== undefined);
	if (known.length) await db.confirmed.bulkPut(known);
}

export function confirmFolders(db: TidingsDb, folders: LocalFolder[], deletedIds: string[]): Promise<void> {
	return confirmKept(db, [
		...folders.map((f) => ({ key: folderKey(f.id), row: f })),
		...deletedIds.map((id) => ({ key: folderKey(id), row: null }))
	]);
}

export function confirmSubscriptions(
	db: TidingsDb,
	subscriptions: LocalSubscription[],
	deletedIds: string[]
): Promise<void> {
	return confirmKept(db, [
		...subscriptions.map((s) => ({ key: subscriptionKey(s.id), row: s })),
		...deletedIds.map((id) => ({ key: subscriptionKey(id), row: null }))
	]);
}

export function confirmEntryStates(db: TidingsDb, states: SyncEntryState[]): Promise<void> {
	return confirmKept(
		db,
		states.map((s) => ({
			key: entryKey(s.entryId),
			row: { read: s.read ? 1 : 0, starred: s.starred ? 1 : undefined } satisfies EntryFlags
		}))
	);
}

/** Entries the server removed: there is nothing left to put back. */
export async function forgetEntries(db: TidingsDb, entryIds: number[]): Promise<void> {
	if (entryIds.length) await db.confirmed.bulkDelete(entryIds.map(entryKey));
}

export function confirmSettings(db: TidingsDb, settings: UserSettings): Promise<void> {
	return confirmKept(db, [{ key: SETTINGS_KEY, row: settings }]);
}

/**
 * A pull that starts over (reset): the server sends every row it has, so until it does, no kept row exists there.
 * Entries are dropped with the rest of the pulled data, and their kept flags with them.
 */
export async function confirmNothingPulled(db: TidingsDb): Promise<void> {
	const kept = await db.confirmed.toArray();
	await db.confirmed.clear();
	await db.confirmed.bulkAdd(
		kept.filter((k) => !k.key.startsWith('entry:')).map((k) => (k.key === SETTINGS_KEY ? k : { ...k, row: null }))
	);
}

/** Puts every kept value back in its table and forgets them all: the tables then hold what the server sent. */
export async function restoreConfirmed(db: TidingsDb): Promise<void> {
	for (const { key, row } of await db.confirmed.toArray()) {
		const [kind, id] = splitKey(key);
		if (kind === 'folder') {
			if (row) await db.folders.put(row as LocalFolder);
			else await db.folders.delete(id);
		} else if (kind === 'subscription') {
			if (row) await db.subscriptions.put(row as LocalSubscription);
			else await db.subscriptions.delete(id);
		} else if (kind === 'entry') {
			const { read, starred } = row as EntryFlags;
			await db.entries.update(Number(id), { read, starred });
		} else {
			await setMeta(db, 'settings', row as UserSettings);
		}
	}
	await db.confirmed.clear();
}

function splitKey(key: string): [string, string] {
	const colon = key.indexOf(':');
	return colon < 0 ? [key, ''] : [key.slice(0, colon), key.slice(colon + 1)];
}
