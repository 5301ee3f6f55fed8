import type { Sql, Store } from '../../db/sql';
import { nextVersion } from '../../db/version';
import {
	entryHash,
	entryHashes,
	insertEntry,
	isTombstoned,
	tombstonedGuids,
	updateEntry,
	type StoredEntry
} from '../entries-repo';

/**
 * Entries written per transaction. One insert with its search-index row and version costs 0.15 to 0.35 ms on a
 * busy machine, so a chunk holds the event loop (and the database's write lock) for a few milliseconds.
 */
export const ENTRIES_PER_TRANSACTION = 25;

export interface StoreCounts {
	added: number;
	updated: number;
}

/** The last chunk queued, of any feed; the next one runs only after it, in a later turn of the event loop. */
let lastTurn: Promise<unknown> = Promise.resolve();

/**
 * Runs `fn` in its own turn of the event loop, after every chunk queued before it. Eight feeds refreshing at once
 * each yielding with setImmediate would still run their eight chunks back to back in one turn; one chunk per turn
 * lets API requests (and fetches, and the parse workers' answers) in between any two.
 */
function inItsOwnTurn<T>(fn: () => T): Promise<T> {
	const turn = lastTurn.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(fn);
	lastTurn = turn.catch(() => undefined);
	return turn;
}

/**
 * Upserts a feed's entries; call inside a write transaction. New entries are inserted, changed ones (another
 * content hash) updated, unchanged ones left alone; each written row gets a new version, which is what sync pulls
 * read. Entries retention deleted (tombstoned) are not brought back. Each entry is looked up inside the
 * transaction, so what another transaction did before it (retention deleting entries) is respected.
 */
export async function storeEntries(
	db: Sql,
	feedId: number,
	entries: StoredEntry[],
	fetchedAt: number
): Promise<StoreCounts> {
	const counts = { added: 0, updated: 0 };
	for (const entry of entries) {
		const existing = await entryHash(db, feedId, entry.guid);
		if (existing) {
			if (existing.content_hash === entry.contentHash) continue;
			await updateEntry(db, existing.id, entry, await nextVersion(db));
			counts.updated += 1;
		} else if (!(await isTombstoned(db, feedId, entry.guid))) {
			await insertEntry(db, feedId, entry, fetchedAt, await nextVersion(db));
			counts.added += 1;
		}
	}
	return counts;
}

/**
 * Stores a fetch's entries in short write transactions, each in its own turn of the event loop, so a feed of
 * hundreds of new entries does not hold up API requests, then runs `finish` (the feed row's bookkeeping) in the
 * same transaction as the last chunk: the validators that make the next fetch conditional are committed only
 * once every entry is in. Should a chunk fail, those before it stay (they are correct entries) and the feed
 * keeps its old validators, so the next fetch gets the whole feed again and stores the rest.
 */
export async function storeEntriesThen<T>(
	db: Store,
	feedId: number,
	entries: StoredEntry[],
	fetchedAt: number,
	finish: (tx: Sql, counts: StoreCounts) => Promise<T>
): Promise<T> {
	const counts = { added: 0, updated: 0 };
	const toWrite = await changedOrNew(db, feedId, entries);
	for (let start = 0; ; start += ENTRIES_PER_TRANSACTION) {
		const chunk = toWrite.slice(start, start + ENTRIES_PER_TRANSACTION);
		const last = start + ENTRIES_PER_TRANSACTION >= toWrite.length;
		const result = await inItsOwnTurn(() =>
			db.transaction(async (tx) => {
				const stored = await storeEntries(tx, feedId, chunk, fetchedAt);
				counts.added += stored.added;
				counts.updated += stored.updated;
				return last ? { done: true as const, value: await finish(tx, counts) } : { done: false as const };
			})
		);
		if (result.done) return result.value;
	}
}

/** The entries a write might be needed for, found with two reads outside any transaction (most are unchanged). */
async function changedOrNew(db: Sql, feedId: number, entries: StoredEntry[]): Promise<StoredEntry[]> {
	const stored = await entryHashes(db, feedId);
	const tombstoned = await tombstonedGuids(db, feedId);
	return entries.filter((entry) => {
		const existing = stored.get(entry.guid);
		return existing ? existing.content_hash !== entry.contentHash : !tombstoned.has(entry.guid);
	});
}
