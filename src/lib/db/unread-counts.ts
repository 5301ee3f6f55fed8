import type { TidingsDb } from './database';
import { starredEntries, unreadEntries, unreadOfFeed } from './entry-ranges';

/** Unread entries of one feed, counted on the [feedId+read+publishedAt] index without loading a row. */
export function unreadInFeed(db: TidingsDb, feedId: number): Promise<number> {
	return unreadOfFeed(db, feedId).count();
}

export function unreadTotal(db: TidingsDb): Promise<number> {
	return unreadEntries(db).count();
}

export function starredTotal(db: TidingsDb): Promise<number> {
	return starredEntries(db).count();
}

export interface UnreadCounts {
	total: number;
	starred: number;
	/** By subscription id. */
	bySubscription: Map<string, number>;
	/** By folder id: the sum of its subscriptions. */
	byFolder: Map<string, number>;
}

/**
 * Every count the sidebar shows, for use inside a liveQuery. One index count per subscription: in Chromium, with
 * 500 feeds and 20,000 entries, the 500 counts (run in parallel) took 0.2 to 0.35 s and one pass over the index's
 * keys 0.35 to 1.1 s, so a single pass would be the slower way.
 */
export async function unreadCounts(db: TidingsDb): Promise<UnreadCounts> {
	const subscriptions = await db.subscriptions.toArray();
	const [total, starred, perFeed] = await Promise.all([
		unreadTotal(db),
		starredTotal(db),
		Promise.all(subscriptions.map((s) => unreadInFeed(db, s.feedId)))
	]);
	const bySubscription = new Map<string, number>();
	const byFolder = new Map<string, number>();
	subscriptions.forEach((s, i) => {
		const count = perFeed[i] ?? 0;
		bySubscription.set(s.id, count);
		if (s.folderId) byFolder.set(s.folderId, (byFolder.get(s.folderId) ?? 0) + count);
	});
	return { total, starred, bySubscription, byFolder };
}
