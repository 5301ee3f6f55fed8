import Dexie from 'dexie';
import type { TidingsDb } from './database';
import { getMeta } from './meta';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Keeps the device within the user's "days kept offline": read entries published before the cutoff are removed,
 * unless starred. Unread ones stay, since the user has not seen them yet. The server keeps them all, so search and
 * a reset can still find them. Returns how many were removed.
 */
export async function pruneOfflineEntries(db: TidingsDb, now: number): Promise<number> {
	const settings = await getMeta(db, 'settings');
	const days = settings?.offlineDays;
	if (!days) return 0;
	const cutoff = now - days * DAY;
	return db.entries
		.where('[read+publishedAt]')
		.between([1, Dexie.minKey], [1, cutoff], true, false)
		.filter((entry) => !entry.starred)
		.delete();
}
