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
		const res = await icon(feedId);
		expect(res.headers.get('content-type')).toBe('image/x-icon');
		expect(Buffer.from(await res.arrayBuffer())).toEqual(ICO);
	});

	it('a site without an icon leaves icon_url empty and the endpoint answers 404', async () => {
		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/feed.xml`);
		await world.engine.refreshNow(feedId);
		expect((await getFeed(world.server.store, feedId))!.icon_url).toBeNull();
		expect((await icon(feedId)).status).toBe(404);
		expect((await fetch(`${world.server.url}/api/icons/abc`)).status).toBe(400);
	});
});
