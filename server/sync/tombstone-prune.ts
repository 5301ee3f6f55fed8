import type { Db } from '../db/open';
import { writeTransaction } from '../db/version';
import { pruneTombstonesBefore, raiseTombstoneHorizon } from './repos/tombstones-repo';

/** Devices that have not pulled for this long start over with a full pull instead of reading old deletions. */
export const TOMBSTONE_MAX_AGE_MS = 90 * 24 * 60 * 60 * 1000;

/**
 * Deletes folder and subscription tombstones older than maxAgeMs and raises the horizon to the newest version
 * removed, in one transaction: a cookie older than that could have missed a deletion, so its pull answers reset.
 * Returns the horizon.
 */
export function pruneTombstones(db: Db, now: number, maxAgeMs = TOMBSTONE_MAX_AGE_MS): number {
	return writeTransaction(db, () => {
		const removedUpTo = pruneTombstonesBefore(db, now - maxAgeMs);
		if (removedUpTo > 0) raiseTombstoneHorizon(db, removedUpTo);
		return removedUpTo;
	});
}
