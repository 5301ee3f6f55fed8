import type { Sql } from '../db/sql';

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
export async function findOrCreateFeed(sql: Sql, url: string, now: number): Promise<FeedRow> {
	const existing = await sql.get<FeedRow>('SELECT * FROM feeds WHERE url = ?', [url]);
	if (existing) return existing;
	return (await sql.get<FeedRow>('INSERT INTO feeds (url, next_fetch_at, created_at) VALUES (?, 0, ?) RETURNING *', [
		url,
		now
	]))!;
}

export async function getFeed(sql: Sql, feedId: number): Promise<FeedRow | undefined> {
	return sql.get<FeedRow>('SELECT * FROM feeds WHERE id = ?', [feedId]);
}

/** The users subscribed to a feed, to nudge after its entries change. */
export async function subscriberIds(sql: Sql, feedId: number): Promise<number[]> {
	return (await sql.all<{ user_id: number }>('SELECT user_id FROM subscriptions WHERE feed_id = ?', [feedId])).map(
		(r) => r.user_id
	);
}

/** Feeds whose next fetch is due (gone feeds never are), soonest first. */
export async function listDueFeeds(sql: Sql, now: number, limit: number): Promise<Pick<FeedRow, 'id' | 'url'>[]> {
	return sql.all<Pick<FeedRow, 'id' | 'url'>>(
		`SELECT id, url FROM feeds WHERE next_fetch_at <= ? AND gone_at IS NULL
		 AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = feeds.id)
		 ORDER BY next_fetch_at LIMIT ?`,
		[now, limit]
	);
}

/** The earliest next fetch among subscribed feeds that are not gone, or null when there is none. */
export async function nextDueAt(sql: Sql): Promise<number | null> {
	return (
		(
			await sql.get<{ at: number | null }>(`SELECT min(next_fetch_at) AS at FROM feeds WHERE gone_at IS NULL
			 AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = feeds.id)`)
		)?.at ?? null
	);
}

export async function feedIdByUrl(sql: Sql, url: string): Promise<number | undefined> {
	return (await sql.get<{ id: number }>('SELECT id FROM feeds WHERE url = ?', [url]))?.id;
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

export async function saveFeedState(sql: Sql, feedId: number, s: FeedFetchedState): Promise<void> {
	await sql.run(
		`UPDATE feeds SET url = @url, title = coalesce(@title, title), site_url = coalesce(@siteUrl, site_url),
		 description = coalesce(@description, description), language = coalesce(@language, language),
		 ttl_minutes = coalesce(@ttlMinutes, ttl_minutes), etag = @etag, last_modified = @lastModified,
		 body_hash = @bodyHash, last_fetched_at = @fetchedAt, next_fetch_at = @nextFetchAt, http_status = @httpStatus,
		 last_error = @lastError, consecutive_errors = @consecutiveErrors, gone_at = @goneAt,
		 version = coalesce(@version, version)
		 WHERE id = @feedId`,
		{ ...s, feedId }
	);
}

export async function setFeedIcon(
	sql: Sql,
	feedId: number,
	iconUrl: string | null,
	checkedAt: number,
	version: number | null
) {
	await sql.run('UPDATE feeds SET icon_url = ?, icon_checked_at = ?, version = coalesce(?, version) WHERE id = ?', [
		iconUrl,
		checkedAt,
		version,
		feedId
	]);
}

/** The feed behind one of this user's subscriptions, or undefined when the subscription is not theirs. */
export async function feedOfSubscription(
	sql: Sql,
	userId: number,
	subscriptionId: string
): Promise<FeedRow | undefined> {
	return sql.get<FeedRow>(
		'SELECT f.* FROM feeds f JOIN subscriptions s ON s.feed_id = f.id WHERE s.id = ? AND s.user_id = ?',
		[subscriptionId, userId]
	);
}

/** Publication times of the feed's newest entries since a moment, to estimate how often it posts. */
export async function recentPublishTimes(sql: Sql, feedId: number, since: number): Promise<number[]> {
	return (
		await sql.all<{ published_at: number }>(
			'SELECT published_at FROM entries WHERE feed_id = ? AND published_at >= ? ORDER BY published_at DESC LIMIT 200',
			[feedId, since]
		)
	).map((r) => r.published_at);
}
