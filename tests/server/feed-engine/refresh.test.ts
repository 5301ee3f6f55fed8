import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentVersion } from '../../../server/db/version';
import { getFeed, listDueFeeds } from '../../../server/feeds/feeds-repo';
import { OFF_THREAD_BYTES } from '../../../server/feeds/refresh/parse-off-thread';
import { call } from '../../support/http';
import { rss, secondUser, startEngineWorld, subscribe, type EngineWorld } from './engine-support';

const MINUTE = 60_000;
const day = (n: number) => Date.UTC(2026, 0, n);

interface EntryRow {
	id: number;
	guid: string;
	title: string;
	content: string | null;
	version: number;
}

const entries = (world: EngineWorld, feedId: number) =>
	world.server.store.all<EntryRow>(
		'SELECT id, guid, title, content, version FROM entries WHERE feed_id = ? ORDER BY guid',
		[feedId]
	);

describe('refreshing a feed', () => {
	let world: EngineWorld;
	beforeEach(async () => {
		world = await startEngineWorld();
	});
	afterEach(() => world.close());

	const publish = (path: string, items: Parameters<typeof rss>[2], extra = '') =>
		world.feeds.setFeed(path, rss(world.feeds.url, 'Test Feed', items, extra), 'application/rss+xml');

	const threeItems = [
		{ guid: 'a', title: 'Alpha', date: day(10) },
		{ guid: 'b', title: 'Beta', date: day(11) },
		{ guid: 'c', title: 'Gamma <b>bold</b>', content: '<p>Gamma text<script>alert(1)</script></p>', date: day(12) }
	];

	it('subscribing fetches the feed after the push commits and stores sanitized entries; a second fetch changes nothing', async () => {
		publish('/feed.xml', threeItems);
		const nudges: number[] = [];
		const { id: userId } = (await world.server.store.get<{ id: number }>('SELECT id FROM users'))!;
		world.server.deps.bus.subscribe(userId, () => nudges.push(1));

		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/feed.xml`);
		// The push queued the fetch by itself: the entries arrive without anyone asking for a refresh.
		await world.engine.idle();
		expect(world.feeds.hits('/feed.xml')).toBe(1);
		const stored = await entries(world, feedId);
		expect(stored.map((e) => e.guid)).toEqual(['a', 'b', 'c']);
		expect(stored[2]!.content).toContain('Gamma text');
		expect(stored[2]!.content).not.toContain('script');
		expect(new Set(stored.map((e) => e.version)).size).toBe(3);
		const feed = (await getFeed(world.server.store, feedId))!;
		expect(feed).toMatchObject({ title: 'Test Feed', http_status: 200, last_error: null, consecutive_errors: 0 });
		expect(feed.etag).toBeTruthy();
		expect(feed.next_fetch_at).toBeGreaterThan(world.clock.now);
		expect(nudges.length).toBeGreaterThan(0);

		const versionBefore = await currentVersion(world.server.store);
		nudges.length = 0;
		const second = await world.engine.refreshNow(feedId);
		expect(second.status).toBe('not_modified');
		expect(world.feeds.lastRequest('/feed.xml')?.['if-none-match']).toBe(feed.etag);
		expect(await currentVersion(world.server.store)).toBe(versionBefore);
		expect(await entries(world, feedId)).toEqual(stored);
		expect(nudges).toEqual([]);
	});

	it('a server without validators sending the same body: not parsed again, nothing changes', async () => {
		const body = rss(world.feeds.url, 'No validators', threeItems);
		world.feeds.setRoute('/plain.xml', (_req, res) =>
			res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(body)
		);
		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/plain.xml`);
		await world.engine.idle();
		expect(await entries(world, feedId)).toHaveLength(3);
		const versionBefore = await currentVersion(world.server.store);
		expect((await world.engine.refreshNow(feedId)).status).toBe('unchanged');
		expect(await currentVersion(world.server.store)).toBe(versionBefore);
	});

	it('a changed entry is updated with a new version; unchanged ones keep theirs; new ones are added', async () => {
		publish('/feed.xml', threeItems);
		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/feed.xml`);
		await world.engine.refreshNow(feedId);
		const before = await entries(world, feedId);

		publish('/feed.xml', [
			{ guid: 'a', title: 'Alpha (corrected)', date: day(10) },
			...threeItems.slice(1),
			{ guid: 'd', title: 'Delta', date: day(13) }
		]);
		const result = await world.engine.refreshNow(feedId);
		expect(result).toMatchObject({ status: 'updated', added: 1, updated: 1 });
		const after = await entries(world, feedId);
		expect(after[0]).toMatchObject({ id: before[0]!.id, title: 'Alpha (corrected)' });
		expect(after[0]!.version).toBeGreaterThan(Math.max(...before.map((e) => e.version)));
		expect(after.slice(1, 3)).toEqual(before.slice(1, 3));
		expect(after[3]!.guid).toBe('d');
	});

	it('410 Gone marks the feed gone with the reason and stops scheduling it', async () => {
		let gone = false;
		world.feeds.setRoute('/leaving.xml', (_req, res) => {
			if (gone) res.writeHead(410).end('gone');
			else
				res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss(world.feeds.url, 'Leaving', threeItems));
		});
		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/leaving.xml`);
		// The version is read once the fetch the subscription queued has ended: read before, it could come after.
		await world.engine.idle();
		const versionBefore = (await getFeed(world.server.store, feedId))!.version;
		gone = true;
		const result = await world.engine.refreshNow(feedId);
		expect(result.status).toBe('gone');
		const feed = (await getFeed(world.server.store, feedId))!;
		expect(feed.http_status).toBe(410);
		expect(feed.gone_at).not.toBeNull();
		expect(feed.last_error).toMatch(/gone/i);
		expect(feed.version).toBeGreaterThan(versionBefore);
		world.clock.now += 365 * 24 * 60 * MINUTE;
		expect((await listDueFeeds(world.server.store, world.clock.now, 100)).map((f) => f.id)).not.toContain(feedId);
	});

	it('errors back off exponentially and Retry-After is a lower bound; success clears the error', async () => {
		let failWith = 500;
		world.feeds.setRoute('/flaky.xml', (_req, res) => {
			if (failWith) res.writeHead(failWith, failWith === 503 ? { 'Retry-After': '7200' } : {}).end('down');
			else res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss(world.feeds.url, 'Flaky', threeItems));
		});
		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/flaky.xml`);
		const start = world.clock.now;
		// The fetch the subscription queued fails first. (Joining it with refreshNow would race: it may have ended.)
		await world.engine.idle();
		expect(await getFeed(world.server.store, feedId)).toMatchObject({
			consecutive_errors: 1,
			http_status: 500,
			next_fetch_at: start + 15 * MINUTE
		});
		expect((await getFeed(world.server.store, feedId))!.last_error).toMatch(/500/);
		await world.engine.refreshNow(feedId);
		expect(await getFeed(world.server.store, feedId)).toMatchObject({
			consecutive_errors: 2,
			next_fetch_at: start + 30 * MINUTE
		});
		failWith = 503;
		await world.engine.refreshNow(feedId);
		expect((await getFeed(world.server.store, feedId))!.next_fetch_at).toBe(start + 120 * MINUTE);
		failWith = 0;
		expect((await world.engine.refreshNow(feedId)).status).toBe('updated');
		expect(await getFeed(world.server.store, feedId)).toMatchObject({
			consecutive_errors: 0,
			last_error: null,
			http_status: 200
		});
	});

	it('a body that is not a feed is an error the subscribers see, not a crash', async () => {
		world.feeds.setFeed('/page.html', '<html><body>hello</body></html>', 'text/html');
		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/page.html`);
		const result = await world.engine.refreshNow(feedId);
		expect(result.status).toBe('error');
		expect((await getFeed(world.server.store, feedId))!.last_error).toMatch(/not a feed/i);
	});

	it('a permanent redirect updates the feed URL; a temporary one does not', async () => {
		publish('/moved.xml', threeItems);
		publish('/temp-target.xml', threeItems);
		const permanent = await subscribe(world, world.token, `${world.feeds.url}/_/redirect/301/moved.xml`);
		const temporary = await subscribe(world, world.token, `${world.feeds.url}/_/redirect/302/temp-target.xml`);
		await world.engine.refreshNow(permanent.feedId);
		await world.engine.refreshNow(temporary.feedId);
		expect((await getFeed(world.server.store, permanent.feedId))!.url).toBe(`${world.feeds.url}/moved.xml`);
		expect((await getFeed(world.server.store, temporary.feedId))!.url).toBe(
			`${world.feeds.url}/_/redirect/302/temp-target.xml`
		);
	});

	it('a permanent redirect to a URL another feed row has keeps the old URL', async () => {
		publish('/target.xml', threeItems);
		const target = await subscribe(world, world.token, `${world.feeds.url}/target.xml`);
		const moved = await subscribe(world, world.token, `${world.feeds.url}/_/redirect/308/target.xml`);
		const result = await world.engine.refreshNow(moved.feedId);
		expect(result.status).toBe('updated');
		expect((await getFeed(world.server.store, moved.feedId))!.url).toBe(`${world.feeds.url}/_/redirect/308/target.xml`);
		expect((await getFeed(world.server.store, target.feedId))!.url).toBe(`${world.feeds.url}/target.xml`);
	});

	it('the feed ttl and Cache-Control max-age are lower bounds for the next fetch', async () => {
		publish('/ttl.xml', threeItems, '<ttl>600</ttl>');
		const ttl = await subscribe(world, world.token, `${world.feeds.url}/ttl.xml`);
		await world.engine.refreshNow(ttl.feedId);
		expect((await getFeed(world.server.store, ttl.feedId))!.next_fetch_at).toBeGreaterThanOrEqual(
			world.clock.now + 600 * MINUTE
		);

		publish('/cached.xml', threeItems);
		const cached = await subscribe(world, world.token, `${world.feeds.url}/_/maxage/90000/cached.xml`);
		await world.engine.refreshNow(cached.feedId);
		expect((await getFeed(world.server.store, cached.feedId))!.next_fetch_at).toBeGreaterThanOrEqual(
			world.clock.now + 90_000_000
		);
	});

	it('POST /api/subscriptions/:id/refresh fetches now for the owner only', async () => {
		publish('/feed.xml', threeItems);
		const { subscriptionId, feedId } = await subscribe(world, world.token, `${world.feeds.url}/feed.xml`);
		await world.engine.refreshNow(feedId);
		publish('/feed.xml', [...threeItems, { guid: 'd', title: 'Delta', date: day(13) }]);

		const res = await call(world.server.url, 'POST', `/api/subscriptions/${subscriptionId}/refresh`, {
			token: world.token
		});
		expect(res.status).toBe(200);
		expect(res.body.result).toMatchObject({ status: 'updated', added: 1 });
		expect(res.body.feed).toMatchObject({ id: feedId, title: 'Test Feed', lastError: null, httpStatus: 200 });

		const bob = await secondUser(world);
		const theirs = await call(world.server.url, 'POST', `/api/subscriptions/${subscriptionId}/refresh`, { token: bob });
		expect(theirs.status).toBe(404);
		expect(theirs.body.error.code).toBe('not_found');
		const noAuth = await call(world.server.url, 'POST', `/api/subscriptions/${subscriptionId}/refresh`);
		expect(noAuth.status).toBe(401);
	});
});

describe('POST /api/discover (mounted with the feed routes)', () => {
	it('finds the feed at a feed URL for a signed-in user', async () => {
		const world = await startEngineWorld();
		try {
			world.feeds.setFeed('/feed.xml', rss(world.feeds.url, 'Found', [{ guid: '1', title: 'one' }]));
			const res = await call(world.server.url, 'POST', '/api/discover', {
				token: world.token,
				body: { url: `${world.feeds.url}/feed.xml` }
			});
			expect(res.status).toBe(200);
			expect(res.body.feeds[0]).toMatchObject({ url: `${world.feeds.url}/feed.xml`, title: 'Found' });
		} finally {
			await world.close();
		}
	});
});

describe('big feeds', () => {
	it('are parsed and sanitized off the main thread and stored like small ones; a big non-feed is an error', async () => {
		const world = await startEngineWorld();
		try {
			const filler = '<p>' + 'Lots of show notes. '.repeat(50) + '<script>x()</script></p>';
			const items = Array.from({ length: 400 }, (_, i) => ({
				guid: `big-${i}`,
				title: `Episode ${i}`,
				content: filler
			}));
			const body = rss(world.feeds.url, 'Big', items);
			expect(body.length).toBeGreaterThan(OFF_THREAD_BYTES);
			world.feeds.setFeed('/big.xml', body);
			const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/big.xml`);
			expect(await world.engine.refreshNow(feedId)).toMatchObject({ status: 'updated', added: 400 });
			const { content: sample } = (await world.server.store.get<{ content: string }>(
				"SELECT content FROM entries WHERE guid = 'big-7'"
			))!;
			expect(sample).toContain('Lots of show notes.');
			expect(sample).not.toContain('script');

			world.feeds.setFeed('/big.html', `<html><body>${'<p>not a feed</p>'.repeat(20_000)}</body></html>`, 'text/html');
			const page = await subscribe(world, world.token, `${world.feeds.url}/big.html`);
			expect(await world.engine.refreshNow(page.feedId)).toMatchObject({ status: 'error' });
			expect((await getFeed(world.server.store, page.feedId))!.last_error).toMatch(/not a feed/i);
		} finally {
			await world.close();
		}
	});
});
