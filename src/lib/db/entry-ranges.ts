import Dexie from 'dexie';
import type { TidingsDb } from './database';

// The ranges of the entries' indexes that more than one module reads. Ranges are written out in full rather than
// with `where('feedId')`: Dexie pads that virtual index with its one shared max key object twice, which
// IndexedDB's key conversion may reject (fake-indexeddb does).

/** A feed's entries, read and unread, in [feedId+read+publishedAt] order. */
export function entriesOfFeed(db: TidingsDb, feedId: number) {
	return db.entries
		.where('[feedId+read+publishedAt]')
		.between([feedId, 0, Dexie.minKey], [feedId, 1, Dexie.maxKey], true, true);
}

/** A feed's unread entries, oldest first. */
export function unreadOfFeed(db: TidingsDb, feedId: number) {
	return db.entries
		.where('[feedId+read+publishedAt]')
		.between([feedId, 0, Dexie.minKey], [feedId, 0, Dexie.maxKey], true, true);
}

/** Every unread entry, oldest first. */
export function unreadEntries(db: TidingsDb) {
	return db.entries.where('[read+publishedAt]').between([0, Dexie.minKey], [0, Dexie.maxKey], true, true);
}

/** Every starred entry, oldest first. */
export function starredEntries(db: TidingsDb) {
	return db.entries.where('[starred+publishedAt]').between([1, Dexie.minKey], [1, Dexie.maxKey], true, true);
}
