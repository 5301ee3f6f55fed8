import Dexie from 'dexie';
import type { TidingsDb } from './database';
import { getMeta, setMeta } from './meta';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Keeps the device within the user's "days kept offline": read entries published before the cutoff are removed,
 * unless starred. Unread ones stay, since the user has not seen them yet. The server keeps them all, so search,
 * lists (which page older entries from the server, from `offlineFrom` back) and a reset can still find them.
 * Returns how many were removed.
 */
export async function pruneOfflineEntries(db: TidingsDb, now: number): Promise<number> {
	const settings = await getMeta(db, 'settings');
	const days = settings?.offlineDays;
	if (!days) return 0;
	const cutoff = now - days * DAY;
	// The latest cutoff ever applied: a shorter setting earlier may have removed entries a longer one now keeps.
	const before = await getMeta(db, 'offlineFrom');
	if (before === undefined || cutoff > before) await setMeta(db, 'offlineFrom', cutoff);
	return db.entries
		.where('[read+publishedAt]')
		.between([1, Dexie.minKey], [1, cutoff], true, false)
		.filter((entry) => !entry.starred)
		.delete();
}
