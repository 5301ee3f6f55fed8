import Dexie from 'dexie';
import type { TidingsDb } from './database';

/** Unread entries of one feed, counted on the [feedId+read] index without loading a row. */
export function unreadInFeed(db: TidingsDb, feedId: number): Promise<number> {
	return db.entries.where('[feedId+read]').equals([feedId, 0]).count();
}

export function unreadTotal(db: TidingsDb): Promise<number> {
	return db.entries.where('[read+publishedAt]').between([0, Dexie.minKey], [0, Dexie.maxKey]).count();
}

export function starredTotal(db: TidingsDb): Promise<number> {
	return db.entries.where('[starred+publishedAt]').between([1, Dexie.minKey], [1, Dexie.maxKey]).count();
}

export interface UnreadCounts {
	total: number;
	starred: number;
	/** By subscription id. */
	bySubscription: Map<string, number>;
	/** By folder id: the sum of its subscriptions. */
	byFolder: Map<string, number>;
}

/** Every count the sidebar shows: one index count per subscription, for use inside a liveQuery. */
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
