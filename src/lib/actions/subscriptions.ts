import type { TidingsDb } from '$lib/db/database';
import type { LocalSubscription } from '$lib/db/schema';
import { subscriptionsIn } from '$lib/db/lists';
import { keyAtEnd, placeAt } from './order';
import { perform } from './perform';

/**
 * Subscribes to a feed URL (found beforehand with POST /api/discover) at the end of a folder or of the top level.
 * The feed's title and entries arrive with the next pull, once the server has fetched it.
 */
export async function subscribe(
	db: TidingsDb,
	url: string,
	folderId: string | null,
	title?: string | null
): Promise<string> {
	const subscriptionId = crypto.randomUUID();
	await perform(db, async () => [
		{
			name: 'subscription.create',
			args: { subscriptionId, url, folderId, orderKey: keyAtEnd(await subscriptionsIn(db, folderId)), title }
		}
	]);
	return subscriptionId;
}

/**
 * Unsubscribes; the feed's entries leave this device at once. Answers the subscription as it was, for
 * `resubscribe` (undo); null when there was none.
 */
export async function unsubscribe(db: TidingsDb, subscriptionId: string): Promise<LocalSubscription | null> {
	let removed: LocalSubscription | null = null;
	await perform(db, async () => {
		removed = (await db.subscriptions.get(subscriptionId)) ?? null;
		return removed ? [{ name: 'subscription.delete', args: { subscriptionId } }] : [];
	});
	return removed;
}

/**
 * Undoes an unsubscribe: the same feed in the same folder, at the same place and with the same title. A new id,
 * because the server keeps a deleted subscription's id as a tombstone; the entries and their read and starred
 * states (which the server keeps per user) return with the next pull.
 */
export async function resubscribe(db: TidingsDb, removed: LocalSubscription): Promise<string> {
	const subscriptionId = crypto.randomUUID();
	await perform(db, async () => {
		const folderExists = removed.folderId === null || (await db.folders.get(removed.folderId)) !== undefined;
		return [
			{
				name: 'subscription.create',
				args: {
					subscriptionId,
					url: removed.feedUrl,
					folderId: folderExists ? removed.folderId : null,
					orderKey: removed.orderKey,
					title: removed.title
				}
			}
		];
	});
	return subscriptionId;
}

/**
 * Moves a feed to `toIndex` of a folder's list (null: the top level), as the list is shown without the feed.
 * Moving between folders and reordering are the same single mutation on that one subscription, and one more per
 * tied neighbour it lands among (see placeAt).
 */
export async function moveSubscription(
	db: TidingsDb,
	subscriptionId: string,
	folderId: string | null,
	toIndex: number
): Promise<void> {
	await perform(db, async () => {
		const others = (await subscriptionsIn(db, folderId)).filter((s) => s.id !== subscriptionId);
		const { orderKey, rekeyed } = placeAt(others, toIndex);
		return [
			{ name: 'subscription.update', args: { subscriptionId, folderId, orderKey } },
			...rekeyed.map((s) => ({
				name: 'subscription.update' as const,
				args: { subscriptionId: s.id, orderKey: s.orderKey }
			}))
		];
	});
}

/** Sets the user's own title for a feed; null shows the feed's title again. */
export async function renameSubscription(db: TidingsDb, subscriptionId: string, title: string | null): Promise<void> {
	await perform(db, async () => [{ name: 'subscription.update', args: { subscriptionId, title } }]);
}
