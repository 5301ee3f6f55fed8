import type { Db } from '../db/open';
import { nextVersion, writeTransaction } from '../db/version';
import { getServerSettings } from '../admin/settings-repo';
import { subscriberIds } from '../feeds/feeds-repo';
import type { ChangeBus } from '../sync/change-bus';
import { deleteEntryWithTombstone, retentionCandidates } from './retention-repo';

/** However old, this many of each feed's newest entries stay, so a quiet feed never looks empty. */
export const KEEP_NEWEST_PER_FEED = 50;
/** Entries deleted per transaction; the event loop gets a turn between batches. */
const BATCH = 500;
const DAY = 24 * 60 * 60 * 1000;

/**
 * Deletes read entries older than the server's retentionDays. Starred entries, entries someone has not read, and
 * each feed's newest 50 are kept. Every deletion leaves a tombstone (with a version) so a later fetch does not
 * bring the entry back unread and pulls remove it from devices.
 */
export async function runRetention(db: Db, now: number, bus?: ChangeBus): Promise<{ deleted: number }> {
	const cutoff = now - getServerSettings(db).retentionDays * DAY;
	const touchedFeeds = new Set<number>();
	let deleted = 0;
	for (;;) {
		const batch = writeTransaction(db, () => {
			const candidates = retentionCandidates(db, cutoff, KEEP_NEWEST_PER_FEED, BATCH);
			for (const entry of candidates) {
				deleteEntryWithTombstone(db, entry, now, nextVersion(db));
				touchedFeeds.add(entry.feed_id);
			}
			return candidates.length;
		});
		deleted += batch;
		if (batch < BATCH) break;
		await new Promise<void>((resolve) => setImmediate(resolve));
	}
	if (bus) bus.notify([...touchedFeeds].flatMap((feedId) => subscriberIds(db, feedId)));
	return { deleted };
}
