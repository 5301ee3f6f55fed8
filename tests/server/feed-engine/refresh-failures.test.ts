import { afterEach, describe, expect, it } from 'vitest';
import { FEED_LEASE_MS } from '../../../server/feeds/feed-leases-repo';
import { getFeed } from '../../../server/feeds/feeds-repo';
import { holdWriteLock } from '../../support/lock-holder';
import { testBackend } from '../../support/test-server';
import { ManualTimers, rss, startEngineWorld, subscribe, type EngineWorld } from './engine-support';

const MINUTE = 60_000;
const items = [
	{ guid: 'a', title: 'Alpha' },
	{ guid: 'b', title: 'Beta' },
	{ guid: 'c', title: 'Gamma' }
];

const entryCount = async (world: EngineWorld, feedId: number) =>
	(await world.server.store.get<{ n: number }>('SELECT count(*) AS n FROM entries WHERE feed_id = ?', [feedId]))!.n;

/**
 * A real write failure in the server's database until the returned function is called: every entry insert aborts
 * with the error a full disk gives.
 */
async function refuseEntries(world: EngineWorld): Promise<() => Promise<void>> {
	const { store } = world.server;
	if (testBackend === 'sqlite') {
		world.server.db.exec(
			"CREATE TEMP TRIGGER refuse_entries BEFORE INSERT ON main.entries BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
		);
		return async () => void world.server.db.exec('DROP TRIGGER refuse_entries');
	}
	await store.run(
		"CREATE FUNCTION refuse_entries() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''database or disk is full''; END'"
	);
	await store.run(
		'CREATE TRIGGER refuse_entries BEFORE INSERT ON entries FOR EACH ROW EXECUTE FUNCTION refuse_entries()'
	);
	return async () => void (await store.run('DROP TRIGGER refuse_entries ON entries'));
}

describe('a refresh the database refuses', () => {
	let world: EngineWorld;
	afterEach(() => world.close());

	it('backs off like a failing fetch and says why in the feed status; the next good fetch stores everything', async () => {
		world = await startEngineWorld();
		world.feeds.setFeed('/feed.xml', rss(world.feeds.url, 'Refused', items));
		const allowEntries = await refuseEntries(world);
		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/feed.xml`);
		const versionBefore = (await getFeed(world.server.store, feedId))!.version;
		const start = world.clock.now;

		// Joins the refresh the subscription queued.
		const failed = await world.engine.refreshNow(feedId);
		expect(failed).toMatchObject({ status: 'error', added: 0, httpStatus: 200 });
		expect(failed.error).toMatch(/could not save this refresh: database or disk is full/);
		const feed = (await getFeed(world.server.store, feedId))!;
		expect(feed).toMatchObject({ consecutive_errors: 1, next_fetch_at: start + 15 * MINUTE, etag: null });
		expect(feed.last_error).toMatch(/database or disk is full/);
		expect(feed.version).toBeGreaterThan(versionBefore);
		expect(await entryCount(world, feedId)).toBe(0);

		await allowEntries();
		const retried = await world.engine.refreshNow(feedId);
		// The failed fetch kept no validators, so this one is not conditional and gets every entry.
		expect(world.feeds.lastRequest('/feed.xml')?.['if-none-match']).toBeUndefined();
		expect(retried).toMatchObject({ status: 'updated', added: 3, error: null });
		expect(await getFeed(world.server.store, feedId)).toMatchObject({ consecutive_errors: 0, last_error: null });
		expect(await entryCount(world, feedId)).toBe(3);
	});

	// A SQLite file locked by another process; PostgreSQL's leases across processes are tested in tests/server/cluster.
	it.skipIf(testBackend === 'postgres')(
		'a refresh the database refuses keeps its lease: the scheduler fetches the feed again only when it ends',
		async () => {
			const timers = new ManualTimers();
			world = await startEngineWorld({ timers, maxSleepMs: 1000 });
			const body = rss(world.feeds.url, 'Busy', items);
			let lockOnNextFetch = false;
			let lock: Awaited<ReturnType<typeof holdWriteLock>> | undefined;
			// Another process takes the write lock while the feed is being fetched: the fetch gets through, its writes do not.
			world.feeds.setRoute('/feed.xml', (_req, res) => {
				const send = () => res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(body);
				if (!lockOnNextFetch) return send();
				lockOnNextFetch = false;
				void holdWriteLock(world.server.deps.config.databasePath).then((held) => {
					lock = held;
					send();
				});
			});
			const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/feed.xml`);
			await world.engine.idle();
			expect(world.feeds.hits('/feed.xml')).toBe(1);
			const claimedAt = (await getFeed(world.server.store, feedId))!.next_fetch_at;
			world.clock.now = claimedAt;

			lockOnNextFetch = true;
			world.engine.start();
			await timers.fire(0);
			// The scheduler claimed the feed and fetched it; neither the entries nor the failure can be written.
			await expect(world.engine.refreshNow(feedId)).rejects.toThrow(/locked|busy/i);
			expect(world.feeds.hits('/feed.xml')).toBe(2);
			await lock!.release();
			// Due again only when the lease ends: the ticks before it fetch nothing.
			for (const at of [claimedAt + 1000, claimedAt + FEED_LEASE_MS - 1]) {
				world.clock.now = at;
				await timers.fire(1000);
				expect(world.engine.activeCount).toBe(0);
			}
			expect(world.feeds.hits('/feed.xml')).toBe(2);

			world.clock.now = claimedAt + FEED_LEASE_MS;
			await timers.fire(1000);
			expect(world.engine.activeCount).toBe(1);
			expect((await world.engine.refreshNow(feedId)).status).toBe('unchanged');
			expect(world.feeds.hits('/feed.xml')).toBe(3);
		}
	);
});
