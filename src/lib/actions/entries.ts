import type { TidingsDb } from '$lib/db/database';
import { entriesOfFeed } from '$lib/db/entry-ranges';
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
 * Marks everything in a scope read, bounded by the highest entry id stored in that scope now: entries the server
 * has and this device has not seen yet stay unread. Does nothing when the scope holds no entry.
 */
export async function markAllRead(db: TidingsDb, scope: MarkAllReadScope): Promise<void> {
	await perform(db, async () => {
		const upTo = await highestEntryId(db, await feedIdsInScope(db, scope));
		return upTo === null ? [] : [{ name: 'entry.markAllRead', args: { scope, upTo } }];
	});
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
