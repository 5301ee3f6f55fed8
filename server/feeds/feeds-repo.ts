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
