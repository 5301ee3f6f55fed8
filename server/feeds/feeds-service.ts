import type { AppDeps } from '../deps';
import type { Sql } from '../db/sql';
import { DomainError, notFound } from '../domain-errors';
import { feedOfSubscription, getFeed } from './feeds-repo';
import { getIcon, type FeedIcon } from './icons/icons-repo';

export async function feedIcon(db: Sql, feedId: number): Promise<FeedIcon> {
	const icon = await getIcon(db, feedId);
	if (!icon) throw notFound('no icon for this feed');
	return icon;
}

/** Fetches the feed of one of the user's subscriptions now, and answers what came of it and the feed's state. */
export async function refreshSubscription(deps: AppDeps, userId: number, subscriptionId: string) {
	const feed = await feedOfSubscription(deps.store, userId, subscriptionId);
	if (!feed) throw notFound('no such subscription');
	const result = await refreshNow(deps, feed.id);
	const after = (await getFeed(deps.store, feed.id))!;
	return {
		result,
		feed: {
			id: after.id,
			url: after.url,
			title: after.title,
			iconUrl: after.icon_url,
			httpStatus: after.http_status,
			lastError: after.last_error,
			lastFetchedAt: after.last_fetched_at,
			nextFetchAt: after.next_fetch_at
		}
	};
}

/** Through the engine's queue when there is one (limits and de-duplication), else directly. */
async function refreshNow(deps: AppDeps, feedId: number): Promise<unknown> {
	if (deps.refresher.refreshNow) {
		return deps.refresher.refreshNow(feedId).catch((err: unknown) => {
			throw new DomainError('unavailable', `the feed cannot be refreshed right now: ${(err as Error).message}`);
		});
	}
	// The fetcher and the parsers load with the first refresh, not at start.
	const { refreshFeed } = await import('./refresh/refresh-feed');
	return refreshFeed(
		{
			db: deps.store,
			logger: deps.logger,
			bus: deps.bus,
			allowPrivate: deps.config.ALLOW_PRIVATE_FEEDS,
			fixedIntervalMinutes: deps.config.REFRESH_INTERVAL_MINUTES,
			now: deps.now ?? Date.now,
			random: Math.random
		},
		feedId
	);
}
