import type { Sql } from '../db/sql';

export interface ClaimedFeed {
	id: number;
	url: string;
}

/**
 * Fetches to one feed must not overlap, within one process and across the processes that share a database. A
 * claim moves the feed's `next_fetch_at` to the end of a lease in the same statement that finds it due, so no
 * other claim finds it due until the lease ends; the refresh then writes the real next fetch time. A process
 * that dies mid-refresh writes nothing: its lease simply runs out and the feed is due again, for anyone. The
 * lease must outlast a refresh (fetch timeout, parsing, storing), or a slow refresh would be fetched twice.
 */
export const FEED_LEASE_MS = 10 * 60_000;

/**
 * Claims up to `limit` feeds due at `now` (subscribed, not gone), soonest due first. On PostgreSQL the due rows
 * are locked with SKIP LOCKED, so processes claiming at the same moment take different feeds instead of waiting
 * for each other (and a row another claim just moved is re-checked and dropped). On SQLite the one statement is
 * atomic and writers run one at a time.
 */
export async function claimDueFeeds(sql: Sql, now: number, limit: number, leaseMs = FEED_LEASE_MS) {
	const lock = sql.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
	return sql.all<ClaimedFeed>(
		`UPDATE feeds SET next_fetch_at = ? WHERE id IN (
		   SELECT id FROM feeds WHERE next_fetch_at <= ? AND gone_at IS NULL
		   AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = feeds.id)
		   ORDER BY next_fetch_at LIMIT ? ${lock})
		 RETURNING id, url`,
		[now + leaseMs, now, limit]
	);
}

/**
 * Claims one feed whatever its schedule (someone asked for it: a new subscription, the refresh button), or
 * undefined when it does not exist. It overlaps a claim made elsewhere only when both come at the same moment.
 */
export async function claimFeed(sql: Sql, feedId: number, now: number, leaseMs = FEED_LEASE_MS) {
	return sql.get<ClaimedFeed>('UPDATE feeds SET next_fetch_at = ? WHERE id = ? RETURNING id, url', [
		now + leaseMs,
		feedId
	]);
}

/** Gives a claimed feed its next fetch time when its refresh could not save one (the database refused it). */
export async function releaseFeed(sql: Sql, feedId: number, nextFetchAt: number): Promise<void> {
	await sql.run('UPDATE feeds SET next_fetch_at = ? WHERE id = ?', [nextFetchAt, feedId]);
}
