import { migratePostgres } from '../../../server/db/pg/migrate';
import { openPgStore, type PgStore } from '../../../server/db/pg/pg-store';
import type { Store } from '../../../server/db/sql';
import { FeedEngine } from '../../../server/feeds/engine/feed-engine';
import { createLogger } from '../../../server/log';
import { ChangeBus } from '../../../server/sync/change-bus';
import { freshPostgresDatabase } from '../../support/postgres-database';

/** A migrated PostgreSQL database of its own: one store, or several on it, as several processes would have. */
export async function migratedPgStores(count = 1): Promise<PgStore[]> {
	const url = await freshPostgresDatabase('cluster');
	const stores = Array.from({ length: count }, () => openPgStore(url));
	await migratePostgres(stores[0]!.pool);
	return stores;
}

export async function addUser(store: Store, name: string): Promise<number> {
	const row = await store.get<{ id: number }>(
		'INSERT INTO users (username, username_key, password_hash, created_at) VALUES (?, ?, ?, 0) RETURNING id',
		[name, name, 'x']
	);
	return row!.id;
}

/** A feed due at once, with this user's subscription to it. */
export async function addSubscribedFeed(store: Store, userId: number, url: string): Promise<number> {
	const feedId = (await store.get<{ id: number }>(
		'INSERT INTO feeds (url, next_fetch_at, created_at) VALUES (?, 0, 0) RETURNING id',
		[url]
	))!.id;
	await store.run(
		`INSERT INTO subscriptions (id, user_id, feed_id, order_key, created_at, version, entries_since_version)
		 VALUES (?, ?, ?, 'a0', 0, 1, 1)`,
		[`${userId}-${feedId}`, userId, feedId]
	);
	return feedId;
}

/** The real feed engine of one server process on this store, fetching from the local feed server. */
export function engineOn(store: Store, now: () => number): FeedEngine {
	return new FeedEngine({
		store,
		logger: createLogger('silent'),
		bus: new ChangeBus(),
		config: {
			ALLOW_PRIVATE_FEEDS: true,
			REFRESH_INTERVAL_MINUTES: undefined,
			MEDIA_PROXY: 'off',
			MEDIA_PROXY_SECRET: undefined,
			DATA_DIR: '/nonexistent'
		},
		now,
		random: () => 0.5
	});
}
