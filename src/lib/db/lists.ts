import { compareOrder } from '$lib/shared/order-keys';
import type { TidingsDb } from './database';
import type { LocalFolder, LocalSubscription } from './schema';

/** Folders in display order: order key bytewise, ties broken by id, as on the server and every device. */
export async function foldersInOrder(db: TidingsDb): Promise<LocalFolder[]> {
	return (await db.folders.toArray()).sort(compareOrder);
}

/** Subscriptions of one folder (null: the top level) in display order. */
export async function subscriptionsIn(db: TidingsDb, folderId: string | null): Promise<LocalSubscription[]> {
	const rows =
		folderId === null
			? await db.subscriptions.filter((s) => s.folderId === null).toArray()
			: await db.subscriptions.where('folderId').equals(folderId).toArray();
	return rows.sort(compareOrder);
}

/** The user's subscription to a feed address, as the server compares them (the exact URL), if there is one. */
export async function subscriptionToUrl(db: TidingsDb, feedUrl: string): Promise<LocalSubscription | undefined> {
	return db.subscriptions.filter((s) => s.feedUrl === feedUrl).first();
}
