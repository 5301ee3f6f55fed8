import type { Db } from '../db/open';
import { stmt } from '../db/statements';

export interface FeedRow {
	id: number;
	url: string;
	title: string | null;
	site_url: string | null;
	description: string | null;
	icon_url: string | null;
	language: string | null;
	etag: string | null;
	last_modified: string | null;
	body_hash: string | null;
	last_fetched_at: number | null;
	next_fetch_at: number;
	http_status: number | null;
	last_error: string | null;
	consecutive_errors: number;
	created_at: number;
	version: number;
	ttl_minutes: number | null;
	gone_at: number | null;
	icon_checked_at: number | null;
}

/** One feed row per URL, shared by all its subscribers: returns the existing one or makes it (due at once). */
export function findOrCreateFeed(db: Db, url: string, now: number): FeedRow {
	const existing = stmt<[string], FeedRow>(db, 'SELECT * FROM feeds WHERE url = ?').get(url);
	if (existing) return existing;
	return stmt<[string, number], FeedRow>(
		db,
		'INSERT INTO feeds (url, next_fetch_at, created_at) VALUES (?, 0, ?) RETURNING *'
	).get(url, now)!;
}

export function getFeed(db: Db, feedId: number): FeedRow | undefined {
	return stmt<[number], FeedRow>(db, 'SELECT * FROM feeds WHERE id = ?').get(feedId);
}

/** The users subscribed to a feed, to nudge after its entries change. */
export function subscriberIds(db: Db, feedId: number): number[] {
	return stmt<[number], { user_id: number }>(db, 'SELECT user_id FROM subscriptions WHERE feed_id = ?')
		.all(feedId)
		.map((r) => r.user_id);
}

/** Feeds whose next fetch is due (gone feeds never are), soonest first. */
export function listDueFeeds(db: Db, now: number, limit: number): Pick<FeedRow, 'id' | 'url'>[] {
	return stmt<[number, number], Pick<FeedRow, 'id' | 'url'>>(
		db,
		`SELECT id, url FROM feeds WHERE next_fetch_at <= ? AND gone_at IS NULL
		 AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = feeds.id)
		 ORDER BY next_fetch_at LIMIT ?`
	).all(now, limit);
}

/** The earliest next fetch among subscribed feeds that are not gone, or null when there is none. */
export function nextDueAt(db: Db): number | null {
	return (
		stmt<[], { at: number | null }>(
			db,
			`SELECT min(next_fetch_at) AS at FROM feeds WHERE gone_at IS NULL
			 AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = feeds.id)`
		).get()?.at ?? null
	);
}

export function feedIdByUrl(db: Db, url: string): number | undefined {
	return stmt<[string], { id: number }>(db, 'SELECT id FROM feeds WHERE url = ?').get(url)?.id;
}

/** What a successful fetch learned about the feed itself. */
export interface FeedFetchedState {
	url: string;
	title: string | null;
	siteUrl: string | null;
	description: string | null;
	language: string | null;
	ttlMinutes: number | null;
	etag: string | null;
	lastModified: string | null;
	bodyHash: string | null;
	fetchedAt: number;
	nextFetchAt: number;
	httpStatus: number | null;
	lastError: string | null;
	consecutiveErrors: number;
	goneAt: number | null;
	/** A new version when subscribers must see a change (title, icon, error state), else null. */
	version: number | null;
}

export function saveFeedState(db: Db, feedId: number, s: FeedFetchedState): void {
	stmt(
		db,
		`UPDATE feeds SET url = @url, title = coalesce(@title, title), site_url = coalesce(@siteUrl, site_url),
		 description = coalesce(@description, description), language = coalesce(@language, language),
		 ttl_minutes = coalesce(@ttlMinutes, ttl_minutes), etag = @etag, last_modified = @lastModified,
		 body_hash = @bodyHash, last_fetched_at = @fetchedAt, next_fetch_at = @nextFetchAt, http_status = @httpStatus,
		 last_error = @lastError, consecutive_errors = @consecutiveErrors, gone_at = @goneAt,
		 version = coalesce(@version, version)
		 WHERE id = @feedId`
	).run({ ...s, feedId });
}

export function setFeedIcon(db: Db, feedId: number, iconUrl: string | null, checkedAt: number, version: number | null) {
	stmt(db, 'UPDATE feeds SET icon_url = ?, icon_checked_at = ?, version = coalesce(?, version) WHERE id = ?').run(
		iconUrl,
		checkedAt,
		version,
		feedId
	);
}

/** The feed behind one of this user's subscriptions, or undefined when the subscription is not theirs. */
export function feedOfSubscription(db: Db, userId: number, subscriptionId: string): FeedRow | undefined {
	return stmt<[string, number], FeedRow>(
		db,
		'SELECT f.* FROM feeds f JOIN subscriptions s ON s.feed_id = f.id WHERE s.id = ? AND s.user_id = ?'
	).get(subscriptionId, userId);
}

/** Publication times of the feed's newest entries since a moment, to estimate how often it posts. */
export function recentPublishTimes(db: Db, feedId: number, since: number): number[] {
	return stmt<[number, number], { published_at: number }>(
		db,
		'SELECT published_at FROM entries WHERE feed_id = ? AND published_at >= ? ORDER BY published_at DESC LIMIT 200'
	)
		.all(feedId, since)
		.map((r) => r.published_at);
}
