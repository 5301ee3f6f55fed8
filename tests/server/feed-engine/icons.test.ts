import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getFeed } from '../../../server/feeds/feeds-repo';
import { rss, startEngineWorld, subscribe, type EngineWorld } from './engine-support';

// The smallest valid PNG and ICO headers are enough: the server stores and serves bytes, it does not decode them.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const ICO = Buffer.from('00000100010010100000010020006804000016000000', 'hex');

describe('feed icons', () => {
	let world: EngineWorld;
	beforeEach(async () => {
		world = await startEngineWorld();
		world.feeds.setFeed('/feed.xml', rss(world.feeds.url, 'With icon', [{ guid: '1', title: 'one' }]));
	});
	afterEach(() => world.close());

	const icon = (feedId: number) => fetch(`${world.server.url}/api/icons/${feedId}`);

	it('uses the home page <link rel="icon">, stores it, and serves it with a long cache', async () => {
		world.feeds.setFeed(
			'/',
			'<html><head><link rel="shortcut icon" href="/static/site.png"></head></html>',
			'text/html'
		);
		world.feeds.setFeed('/static/site.png', PNG, 'image/png');
		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/feed.xml`);
		await world.engine.refreshNow(feedId);
		await world.engine.idle();
		const feed = (await getFeed(world.server.store, feedId))!;
		expect(feed.icon_url).toBe(`/api/icons/${feedId}`);

		const res = await icon(feedId);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/png');
		expect(res.headers.get('cache-control')).toMatch(/public, max-age=\d{6,}/);
		expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);

		// Looked for once; the next refresh within a week does not fetch it again.
		world.feeds.setFeed('/feed.xml', rss(world.feeds.url, 'With icon', [{ guid: '2', title: 'two' }]));
		await world.engine.refreshNow(feedId);
		await world.engine.idle();
		expect(world.feeds.hits('/static/site.png')).toBe(1);
	});

	it('falls back to /favicon.ico, and refuses SVG (it could carry script)', async () => {
		world.feeds.setFeed('/', '<html><head><link rel="icon" href="/vector.svg"></head></html>', 'text/html');
		world.feeds.setFeed(
			'/vector.svg',
			'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
			'image/svg+xml'
		);
		world.feeds.setFeed('/favicon.ico', ICO, 'image/x-icon');
		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/feed.xml`);
		await world.engine.refreshNow(feedId);
		await world.engine.idle();
		const res = await icon(feedId);
		expect(res.headers.get('content-type')).toBe('image/x-icon');
		expect(Buffer.from(await res.arrayBuffer())).toEqual(ICO);
	});

	it('a site without an icon leaves icon_url empty and the endpoint answers 404', async () => {
		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/feed.xml`);
		await world.engine.refreshNow(feedId);
		await world.engine.idle();
		expect((await getFeed(world.server.store, feedId))!.icon_url).toBeNull();
		expect((await icon(feedId)).status).toBe(404);
		expect((await fetch(`${world.server.url}/api/icons/abc`)).status).toBe(400);
	});
});

describe('icon lookups beside the fetches', () => {
	it("do not hold the feed host's fetch slot: a stalled site does not hold up the host's next feed", async () => {
		const world = await startEngineWorld({ perHost: 1 });
		try {
			let siteClosed = false;
			const lookingUp = new Promise<void>((resolve) =>
				world.feeds.setRoute('/stalled/', (req, res) => {
					req.on('close', () => (siteClosed = true));
					res.writeHead(200, { 'Content-Type': 'text/html' });
					res.write('<html><head>');
					resolve();
				})
			);
			world.feeds.setFeed('/a.xml', rss(`${world.feeds.url}/stalled`, 'A', [{ guid: 'a1', title: 'a one' }]));
			world.feeds.setFeed('/b.xml', rss(`${world.feeds.url}/b`, 'B', [{ guid: 'b1', title: 'b one' }]));

			const a = await subscribe(world, world.token, `${world.feeds.url}/a.xml`);
			await world.engine.refreshNow(a.feedId);
			await lookingUp;
			const b = await subscribe(world, world.token, `${world.feeds.url}/b.xml`);
			const refreshed = await world.engine.refreshNow(b.feedId);

			expect(refreshed.status).toBe('updated');
			expect(siteClosed).toBe(false);
		} finally {
			await world.close();
		}
	});
});
