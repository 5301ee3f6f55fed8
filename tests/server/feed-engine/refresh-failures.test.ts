import { afterEach, describe, expect, it } from 'vitest';
import { getFeed } from '../../../server/feeds/feeds-repo';
import { holdWriteLock } from '../../support/lock-holder';
import { ManualTimers, rss, startEngineWorld, subscribe, type EngineWorld } from './engine-support';

const MINUTE = 60_000;
const items = [
	{ guid: 'a', title: 'Alpha' },
	{ guid: 'b', title: 'Beta' },
	{ guid: 'c', title: 'Gamma' }
];

const entryCount = (world: EngineWorld, feedId: number) =>
	world.server.db.prepare('SELECT count(*) FROM entries WHERE feed_id = ?').pluck().get(feedId) as number;

describe('a refresh the database refuses', () => {
	let world: EngineWorld;
	afterEach(() => world.close());

	it('backs off like a failing fetch and says why in the feed status; the next good fetch stores everything', async () => {
		world = await startEngineWorld();
		world.feeds.setFeed('/feed.xml', rss(world.feeds.url, 'Refused', items));
		// A real write failure in SQLite on the server's own connection: every entry insert aborts.
		world.server.db.exec(
			"CREATE TEMP TRIGGER refuse_entries BEFORE INSERT ON main.entries BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
		);
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
		expect(entryCount(world, feedId)).toBe(0);

		world.server.db.exec('DROP TRIGGER refuse_entries');
		const retried = await world.engine.refreshNow(feedId);
		// The failed fetch kept no validators, so this one is not conditional and gets every entry.
		expect(world.feeds.lastRequest('/feed.xml')?.['if-none-match']).toBeUndefined();
		expect(retried).toMatchObject({ status: 'updated', added: 3, error: null });
		expect(await getFeed(world.server.store, feedId)).toMatchObject({ consecutive_errors: 0, last_error: null });
		expect(entryCount(world, feedId)).toBe(3);
	});

	it('held by another process: the scheduler does not fetch the feed again at every tick, only after a backoff', async () => {
		const timers = new ManualTimers();
		world = await startEngineWorld({ timers, maxSleepMs: 1000 });
		world.feeds.setFeed('/feed.xml', rss(world.feeds.url, 'Busy', items));
		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/feed.xml`);
		await world.engine.refreshNow(feedId);
		expect(world.feeds.hits('/feed.xml')).toBe(1);
		world.clock.now = (await getFeed(world.server.store, feedId))!.next_fetch_at;

		const lock = await holdWriteLock(world.server.deps.config.databasePath);
		try {
			world.engine.start();
			await timers.fire(0);
			// Neither the entries nor the failure can be written while the lock is held: the refresh throws.
			await expect(world.engine.refreshNow(feedId)).rejects.toThrow(/locked|busy/i);
			expect(world.feeds.hits('/feed.xml')).toBe(2);
			// Still due in the database, but held back: later ticks do not fetch it.
			for (let tick = 0; tick < 3; tick++) {
				world.clock.now += 1000;
				await timers.fire(1000);
				expect(world.engine.activeCount).toBe(0);
			}
			expect(world.feeds.hits('/feed.xml')).toBe(2);
		} finally {
			await lock.release();
		}

		world.clock.now += 15 * MINUTE;
		await timers.fire(1000);
		expect(world.engine.activeCount).toBe(1);
		expect((await world.engine.refreshNow(feedId)).status).toBe('not_modified');
		expect(world.feeds.hits('/feed.xml')).toBe(3);
	});
});
