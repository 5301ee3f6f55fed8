import { fetchEntryPage } from '$lib/api/entry-pages';
import type { TidingsDb } from '$lib/db/database';
import type { LocalEntry } from '$lib/db/schema';
import type { EntryPage, EntryPageRequest, PagedEntry } from '$lib/shared/entry-pages';
import { mutationTables } from './apply-mutation';
import { confirmEntryStates } from './confirmed';
import { reapplyPending } from './rebase';

/**
 * Stores entries a list fetched from the server beyond what the device kept, so they open, read and star like any
 * other: the write path and the sync engine only know stored rows. An entry the device already holds keeps its
 * own row, which pulls and pending mutations keep current; a new one takes the server's marks (fresher than a
 * state pulled before its entry, which it replaces), and the pending mutations are applied on top, as after a pull.
 * Read entries before the device's "days kept offline" leave again at the next start.
 */
export async function storeServerEntries(db: TidingsDb, entries: PagedEntry[]): Promise<void> {
	if (entries.length === 0) return;
	await db.transaction('rw', [...mutationTables(db), db.orphanStates, db.outbox], async () => {
		const stored = await db.entries.bulkGet(entries.map((e) => e.id));
		const fresh = entries.filter((_, i) => stored[i] === undefined);
		if (fresh.length === 0) return;
		await db.entries.bulkAdd(fresh.map(toLocalEntry));
		await db.orphanStates.bulkDelete(fresh.map((e) => e.id));
		await confirmEntryStates(
			db,
			fresh.map((e) => ({ entryId: e.id, read: e.read, starred: e.starred }))
		);
		await reapplyPending(db);
	});
}

function toLocalEntry({ read, starred, ...entry }: PagedEntry): LocalEntry {
	return { ...entry, read: read ? 1 : 0, starred: starred ? 1 : undefined };
}

interface Requester {
	request<T>(path: string): Promise<T>;
}

/** Where a list's older pages come from: the server, through the API module, stored on the device as they come. */
export function serverPages(db: TidingsDb, api: Requester): { load(query: EntryPageRequest): Promise<EntryPage> } {
	return {
		async load(query) {
			const page = await fetchEntryPage(api, query);
			await storeServerEntries(db, page.entries);
			return page;
		}
	};
}

/** Fetches and stores the entries among `ids` the device lacks: search results from the server become openable. */
export async function storeMissingEntries(db: TidingsDb, api: Requester, ids: number[]): Promise<void> {
	const stored = await db.entries.bulkGet(ids);
	const missing = ids.filter((_, i) => stored[i] === undefined);
	if (missing.length === 0) return;
	await storeServerEntries(db, (await fetchEntryPage(api, { scope: 'ids', ids: missing.join(',') })).entries);
}
