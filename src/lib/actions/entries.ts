import type { TidingsDb } from '$lib/db/database';
import { entriesOfFeed, unreadEntries, unreadOfFeed } from '$lib/db/entry-ranges';
import type { MarkAllReadScope } from '$lib/shared/mutations';
import { feedIdsInScope } from '$lib/sync/apply-mutation';
import type { MutationInput } from '$lib/sync/outbox';
import { perform } from './perform';

/** The most entry ids one entry.setRead may carry (the shared schema's limit). */
const MAX_IDS_PER_MUTATION = 1000;

export async function setRead(db: TidingsDb, entryIds: number[], read: boolean): Promise<void> {
	const ids = [...new Set(entryIds)];
	await perform(db, async () => {
		const inputs: MutationInput[] = [];
		for (let i = 0; i < ids.length; i += MAX_IDS_PER_MUTATION) {
			inputs.push({ name: 'entry.setRead', args: { entryIds: ids.slice(i, i + MAX_IDS_PER_MUTATION), read } });
		}
		return inputs;
	});
}

export async function setStarred(db: TidingsDb, entryId: number, starred: boolean): Promise<void> {
	await perform(db, async () => [{ name: 'entry.setStarred', args: { entryId, starred } }]);
}

/**
 * Marks everything in a scope read, bounded by what this device shows now: the highest entry id stored in the
 * scope, and the feeds in it. Entries the server has and this device has not seen (newer ones, and those of a
 * feed that joins the scope elsewhere meanwhile) stay unread. Does nothing when the scope holds no entry.
 * Answers the ids of the entries on this device it turned read, which `setRead(…, false)` turns back (undo).
 */
export async function markAllRead(db: TidingsDb, scope: MarkAllReadScope): Promise<number[]> {
	let marked: number[] = [];
	await perform(db, async () => {
		const feedIds = await feedIdsInScope(db, scope);
		const upTo = await highestEntryId(db, feedIds);
		if (upTo === null) return [];
		marked = await unreadIdsUpTo(db, feedIds, upTo);
		const shown = feedIds ?? (await db.subscriptions.toArray()).map((s) => s.feedId);
		const args = { scope, upTo, feedIds: [...new Set(shown.filter((id) => id > 0))] };
		return [{ name: 'entry.markAllRead', args }];
	});
	return marked;
}

/** The unread entries of these feeds (null: all feeds) with ids up to `upTo`: what entry.markAllRead turns read. */
async function unreadIdsUpTo(db: TidingsDb, feedIds: number[] | null, upTo: number): Promise<number[]> {
	const ranges = feedIds === null ? [unreadEntries(db)] : feedIds.map((feedId) => unreadOfFeed(db, feedId));
	const ids: number[] = [];
	for (const range of ranges) {
		for (const id of (await range.primaryKeys()) as number[]) if (id <= upTo) ids.push(id);
	}
	return ids;
}

async function highestEntryId(db: TidingsDb, feedIds: number[] | null): Promise<number | null> {
	if (feedIds === null) return ((await db.entries.orderBy('id').last())?.id as number | undefined) ?? null;
	let highest: number | null = null;
	for (const feedId of feedIds) {
		const keys = (await entriesOfFeed(db, feedId).primaryKeys()) as number[];
		for (const id of keys) if (highest === null || id > highest) highest = id;
	}
	return highest;
}
