import type { Db } from '../../db/open';
import { nextVersion } from '../../db/version';
import { entryHashes, insertEntry, tombstonedGuids, updateEntry, type StoredEntry } from '../entries-repo';

/**
 * Upserts a feed's entries; call inside the refresh's write transaction. New entries are inserted, changed ones
 * (another content hash) updated, unchanged ones left alone; each written row gets a new version, which is what
 * sync pulls read. Entries retention deleted (tombstoned) are not brought back.
 */
export function storeEntries(db: Db, feedId: number, entries: StoredEntry[], fetchedAt: number) {
	let added = 0;
	let updated = 0;
	const stored = entryHashes(db, feedId);
	const tombstoned = tombstonedGuids(db, feedId);
	for (const entry of entries) {
		const existing = stored.get(entry.guid);
		if (existing) {
			if (existing.content_hash === entry.contentHash) continue;
			updateEntry(db, existing.id, entry, nextVersion(db));
			updated += 1;
		} else if (!tombstoned.has(entry.guid)) {
			insertEntry(db, feedId, entry, fetchedAt, nextVersion(db));
			added += 1;
		}
	}
	return { added, updated };
}
