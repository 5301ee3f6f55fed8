import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migratePostgres } from '../../../server/db/pg/migrate';
import { openPgStore, type PgStore } from '../../../server/db/pg/pg-store';
import { startFeedServer, type FeedServer } from '../../support/feed-server';
import { holdRowLocks, type RowLocks } from '../../support/pg-row-locks';
import { serverCluster, type ServerCluster } from '../../support/server-cluster';
import type { ServerProcess } from '../../support/server-process';
import { rss } from '../feed-engine/engine-support';
import { addSubscribedFeed, addUser } from './pg-store-for-tests';

const FEEDS = 16;
const INTERVAL_MINUTES = 60;
const MINUTE = 60_000;

/** The feed ids a process's scheduler claimed, tick by tick (its debug log line). */
const claims = (server: ServerProcess) =>
	server.logs.filter((line) => line.msg === 'scheduler claimed due feeds').map((line) => line.feedIds as number[]);

/**
 * Two real server processes, feed engines running, on one PostgreSQL database with feeds all due: each feed is
 * claimed and fetched by one of them. Every due row is held locked while both start (as by a third process's
 * claim in progress), so that both processes' first claims meet the same rows at the same moment.
 */
describe('feed refresh across server processes (PostgreSQL)', () => {
	let feeds: FeedServer;
	let cluster: ServerCluster;
	let db: PgStore;
	let holder: RowLocks;
	let servers: ServerProcess[];
	const ids: number[] = [];

	beforeAll(async () => {
		feeds = await startFeedServer();
		cluster = await serverCluster('refresh');
		db = openPgStore(cluster.databaseUrl);
		await migratePostgres(db.pool);
		const userId = await addUser(db, 'reader');
		for (let i = 0; i < FEEDS; i++) {
			feeds.setFeed(`/feed-${i}.xml`, rss(feeds.url, `Feed ${i}`, [{ guid: `g${i}`, title: `Entry ${i}` }]));
			ids.push(await addSubscribedFeed(db, userId, `${feeds.url}/feed-${i}.xml`));
		}
		holder = await holdRowLocks(cluster.databaseUrl, 'SELECT id FROM feeds FOR UPDATE');
		const env = { ALLOW_PRIVATE_FEEDS: 'true', LOG_LEVEL: 'debug', REFRESH_INTERVAL_MINUTES: String(INTERVAL_MINUTES) };
		servers = await Promise.all([cluster.start(env), cluster.start(env)]);
	});

	afterAll(async () => {
		await holder?.release();
		await cluster?.stop();
		await db?.close();
		await feeds?.close();
	});

	it('fetches each due feed once per interval across both processes', async () => {
		// Both first claims have met the locked rows: each either skipped them (and logged its claim) or waits.
		await vi.waitFor(
			async () => {
				const waiting = await db.get<{ n: number }>(
					`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()
					 AND wait_event_type = 'Lock' AND query LIKE 'UPDATE feeds SET next_fetch_at%IN (%'`
				);
				const logged = servers.filter((server) => claims(server).length > 0).length;
				expect(logged + waiting!.n).toBe(2);
			},
			{ timeout: 30_000, interval: 50 }
		);
		await holder.release();

		const claimed = () => servers.flatMap((server) => claims(server).flat());
		await vi.waitFor(() => expect(new Set(claimed())).toEqual(new Set(ids)), { timeout: 30_000, interval: 50 });
		await vi.waitFor(
			async () => {
				const fetched = await db.get<{ n: number }>(
					'SELECT count(*) AS n FROM feeds WHERE last_fetched_at IS NOT NULL'
				);
				expect(fetched!.n).toBe(FEEDS);
			},
			{ timeout: 30_000, interval: 50 }
		);
		// No feed was claimed twice, by one process or both; each was fetched once.
		expect(claimed().sort((x, y) => x - y)).toEqual(ids);
		for (let i = 0; i < FEEDS; i++) expect(feeds.hits(`/feed-${i}.xml`), `feed ${i}`).toBe(1);
		// And is next due an interval later (within the schedule's jitter), not when the claim's lease ends.
		const schedule = await db.all<{ last_fetched_at: number; next_fetch_at: number }>(
			'SELECT last_fetched_at, next_fetch_at FROM feeds'
		);
		for (const feed of schedule) {
			expect(feed.next_fetch_at - feed.last_fetched_at).toBeGreaterThanOrEqual(0.9 * INTERVAL_MINUTES * MINUTE);
		}
	});
});
