import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http';
import { rss, secondUser, startEngineWorld, subscribe, type EngineWorld } from '../feed-engine/engine-support';

const day = (n: number) => Date.UTC(2026, 0, n);

describe('GET /api/search', () => {
	let world: EngineWorld;
	let bob: string;
	let aliceFeed: number;
	beforeAll(async () => {
		world = await startEngineWorld();
		const site = world.feeds.url;
		world.feeds.setFeed(
			'/alice.xml',
			rss(site, 'Alice reads', [
				{ guid: 'k1', title: 'Kubernetes in production', content: '<p>Running clusters at scale.</p>', date: day(1) },
				{
					guid: 'k2',
					title: 'Weekly notes',
					content: '<p>Some words about kubernetes, among other things.</p>',
					date: day(2)
				},
				{ guid: 'k3', title: 'Gardening', content: '<p>Tomatoes &lt;script&gt; and basil.</p>', date: day(3) }
			])
		);
		world.feeds.setFeed(
			'/bob.xml',
			rss(site, 'Bob reads', [
				{ guid: 'b1', title: 'Kubernetes secrets of Bob', content: '<p>private</p>', date: day(1) }
			])
		);
		aliceFeed = (await subscribe(world, world.token, `${site}/alice.xml`)).feedId;
		await world.engine.refreshNow(aliceFeed);
		bob = await secondUser(world);
		await world.engine.refreshNow((await subscribe(world, bob, `${site}/bob.xml`)).feedId);
	});
	afterAll(() => world.close());

	const search = (token: string, q: string, extra = '') =>
		call(world.server.url, 'GET', `/api/search?q=${encodeURIComponent(q)}${extra}`, { token });

	it("ranks the user's matching entries, title matches first, with highlighted snippets", async () => {
		const res = await search(world.token, 'kubernetes');
		expect(res.status).toBe(200);
		const titles = res.body.results.map((r: { titleHtml: string }) => r.titleHtml);
		expect(titles).toEqual(['<mark>Kubernetes</mark> in production', 'Weekly notes']);
		expect(res.body.results[1].snippetHtml).toContain('<mark>kubernetes</mark>');
		expect(res.body.results.every((r: { feedId: number }) => r.feedId === aliceFeed)).toBe(true);
	});

	it("never returns another user's entries", async () => {
		const alice = await search(world.token, 'bob secrets');
		expect(alice.body.results).toEqual([]);
		const theirs = await search(bob, 'kubernetes');
		expect(theirs.body.results.map((r: { titleHtml: string }) => r.titleHtml)).toEqual([
			'<mark>Kubernetes</mark> secrets of Bob'
		]);
	});

	it('escapes the text around the marks', async () => {
		const res = await search(world.token, 'tomatoes');
		expect(res.body.results[0].snippetHtml).toContain('<mark>Tomatoes</mark> &lt;script&gt;');
	});

	it('supports a trailing * as a prefix search and respects the limit', async () => {
		const res = await search(world.token, 'kube*', '&limit=1');
		expect(res.body.results).toHaveLength(1);
	});

	it('FTS5 syntax in the query is searched as words, never a 500; an empty or invalid request is 400', async () => {
		for (const q of ['"unbalanced', 'AND OR NOT', 'title:(x', 'NEAR(a b', '*', '^-+', '\u0000', 'a\u0000b']) {
			const res = await search(world.token, q);
			expect(res.status, q).toBe(200);
		}
		expect((await search(world.token, '   ')).status).toBe(400);
		expect((await search(world.token, 'x', '&limit=0')).body.error.code).toBe('invalid_request');
		expect((await call(world.server.url, 'GET', '/api/search?q=x')).status).toBe(401);
	});
});
