import type { Store } from '../db/sql';
import { nextVersion } from '../db/version';
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
export async function runRetention(db: Store, now: number, bus?: ChangeBus): Promise<{ deleted: number }> {
	const cutoff = now - (await getServerSettings(db)).retentionDays * DAY;
	const touchedFeeds = new Set<number>();
	let deleted = 0;
	for (;;) {
		const batch = await db.transaction(async (tx) => {
			const candidates = await retentionCandidates(tx, cutoff, KEEP_NEWEST_PER_FEED, BATCH);
			for (const entry of candidates) {
				await deleteEntryWithTombstone(tx, entry, now, await nextVersion(tx));
				touchedFeeds.add(entry.feed_id);
			}
			return candidates.length;
		});
		deleted += batch;
		if (batch < BATCH) break;
		await new Promise<void>((resolve) => setImmediate(resolve));
	}
	if (bus) {
		const users: number[] = [];
		for (const feedId of touchedFeeds) users.push(...(await subscriberIds(db, feedId)));
		bus.notify(users);
	}
	return { deleted };
}
