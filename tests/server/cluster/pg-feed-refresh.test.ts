import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/db/sql';
import type { FeedEngine } from '../../../server/feeds/engine/feed-engine';
import { claimDueFeeds, FEED_LEASE_MS } from '../../../server/feeds/feed-leases-repo';
import { startFeedServer, type FeedServer } from '../../support/feed-server';
import { rss } from '../feed-engine/engine-support';
import { addSubscribedFeed, addUser, engineOn, migratedPgStores } from './pg-store-for-tests';

const MINUTE = 60_000;

/** Two processes' feed engines on one PostgreSQL database, each with its own pool, and one feed server. */
describe('feed refresh across processes (PostgreSQL)', () => {
	let feeds: FeedServer;
	let stores: Store[];
	let engines: FeedEngine[];
	const clock = { now: Date.UTC(2026, 0, 15) };

	beforeEach(async () => {
		feeds = await startFeedServer();
		stores = await migratedPgStores(2);
		engines = stores.map((store) => engineOn(store, () => clock.now));
	});

	afterEach(async () => {
		await Promise.all(engines.map((engine) => engine.stop()));
		await Promise.all(stores.map((store) => store.close()));
		await feeds.close();
	});

	/** Feeds at /feed-<i>.xml, each with a subscriber, all due now. */
	async function dueFeeds(count: number): Promise<number[]> {
		const userId = await addUser(stores[0]!, 'u');
		const ids: number[] = [];
		for (let i = 0; i < count; i++) {
			const path = `/feed-${i}.xml`;
			feeds.setFeed(path, rss(feeds.url, `Feed ${i}`, [{ guid: `g${i}`, title: `Entry ${i}` }]));
			ids.push(await addSubscribedFeed(stores[0]!, userId, feeds.url + path));
		}
		return ids;
	}

	const totalHits = (count: number) =>
		Array.from({ length: count }, (_, i) => feeds.hits(`/feed-${i}.xml`)).reduce((a, b) => a + b, 0);

	it('fetches each due feed once across both processes', async () => {
		const ids = await dueFeeds(12);
		const claimed = await Promise.all(engines.map((engine) => engine.runDue()));
		expect(claimed.flat()).toHaveLength(ids.length);
		for (let i = 0; i < ids.length; i++) expect(feeds.hits(`/feed-${i}.xml`), `feed ${i}`).toBe(1);
		// Nothing is due again before the feeds' next fetch times, on either process.
		expect((await Promise.all(engines.map((engine) => engine.runDue()))).flat()).toEqual([]);
		expect(totalHits(ids.length)).toBe(ids.length);
	});

	it('a feed claimed by a process that died is taken by another once the lease ends', async () => {
		const [feedId] = await dueFeeds(1);
		// The dead process: it claimed the feed and never fetched it nor reported back.
		expect(await claimDueFeeds(stores[1]!, clock.now, 10)).toEqual([expect.objectContaining({ id: feedId })]);
		expect(await engines[0]!.runDue()).toEqual([]);
		clock.now += FEED_LEASE_MS - 1;
		expect(await engines[0]!.runDue()).toEqual([]);
		clock.now += 1;
		expect((await engines[0]!.runDue()).map((r) => r.status)).toEqual(['updated']);
		expect(feeds.hits('/feed-0.xml')).toBe(1);
		const next = await stores[0]!.get<{ next_fetch_at: number }>('SELECT next_fetch_at FROM feeds WHERE id = ?', [
			feedId
		]);
		expect(next!.next_fetch_at).toBeGreaterThanOrEqual(clock.now + 15 * MINUTE);
	});
});
