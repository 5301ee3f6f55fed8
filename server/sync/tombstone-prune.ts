import type { Store } from '../db/sql';
import { pruneTombstonesBefore, raiseTombstoneHorizon } from './repos/tombstones-repo';

/** Devices that have not pulled for this long start over with a full pull instead of reading old deletions. */
export const TOMBSTONE_MAX_AGE_MS = 90 * 24 * 60 * 60 * 1000;

/**
 * Deletes folder and subscription tombstones older than maxAgeMs and raises the horizon to the newest version
 * removed, in one transaction: a cookie older than that could have missed a deletion, so its pull answers reset.
 * Returns the horizon.
 */
export async function pruneTombstones(db: Store, now: number, maxAgeMs = TOMBSTONE_MAX_AGE_MS): Promise<number> {
	return await db.transaction(async (tx) => {
		const removedUpTo = await pruneTombstonesBefore(tx, now - maxAgeMs);
		if (removedUpTo > 0) await raiseTombstoneHorizon(tx, removedUpTo);
		return removedUpTo;
	});
}
