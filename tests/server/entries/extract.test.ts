import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertEntry } from '../../../server/feeds/entries-repo';
import { setupAdmin } from '../../support/accounts';
import { startFeedServer } from '../../support/feed-server';
import { call } from '../../support/http';
import { startTestServer } from '../../support/test-server';
import { rss, secondUser, startEngineWorld, subscribe, type EngineWorld } from '../feed-engine/engine-support';

const HOUR = 60 * 60 * 1000;

const ARTICLE = `<!doctype html><html><head><title>The article</title><script>window.evil = 1</script></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>The article</h1>
<p>This is the first paragraph of a long article about sourdough bread, with enough words to look like content.</p>
<p>The second paragraph explains hydration, fermentation and the crumb, again with plenty of words in it.</p>
<p>A third paragraph <img src="/crumb.jpg" onerror="alert(1)"> and a <a href="/more">relative link</a> close it.</p>
</article><footer>Copyright</footer></body></html>`;

describe('POST /api/entries/:id/extract', () => {
	let world: EngineWorld;
	let entryIds: Record<string, number>;
	beforeEach(async () => {
		world = await startEngineWorld();
		const site = world.feeds.url;
		world.feeds.setFeed('/article.html', ARTICLE, 'text/html; charset=utf-8');
		world.feeds.setFeed(
			'/feed.xml',
			rss(site, 'Bread', [
				{ guid: 'ok', title: 'Bread', link: `${site}/article.html` },
				{ guid: 'missing', title: 'Gone', link: `${site}/missing.html` }
			])
		);
		const { feedId } = await subscribe(world, world.token, `${site}/feed.xml`);
		await world.engine.refreshNow(feedId);
		const rows = await world.server.store.all<{ guid: string; id: number }>('SELECT guid, id FROM entries');
		entryIds = Object.fromEntries(rows.map((e) => [e.guid, e.id]));
	});
	afterEach(() => world.close());

	const extract = (id: number, token = world.token) =>
		call(world.server.url, 'POST', `/api/entries/${id}/extract`, { token });

	it('extracts the article, sanitizes it, stores it with a new version, and answers later calls from the store', async () => {
		const stored = async () =>
			(await world.server.store.get<{ full_content: string | null; version: number }>(
				'SELECT full_content, version FROM entries WHERE id = ?',
				[entryIds.ok!]
			))!;
		const versionBefore = (await stored()).version;
		const res = await extract(entryIds.ok!);
		expect(res.status).toBe(200);
		expect(res.body.status).toBe('ok');
		expect(res.body.fullContent).toContain('hydration, fermentation');
		expect(res.body.fullContent).not.toMatch(/script|onerror|Copyright/);
		expect(res.body.fullContent).toContain(`href="${world.feeds.url}/more"`);
		const row = await stored();
		expect(row.full_content).toBe(res.body.fullContent);
		expect(row.version).toBeGreaterThan(versionBefore);

		const again = await extract(entryIds.ok!);
		expect(again.body.fullContent).toBe(res.body.fullContent);
		expect(world.feeds.hits('/article.html')).toBe(1);
	});

	it('stores a failure, answers it without fetching until the retry time, then tries again', async () => {
		const first = await extract(entryIds.missing!);
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({ status: 'failed', fullContent: null });
		expect(first.body.error).toMatch(/404/);
		expect(world.feeds.hits('/missing.html')).toBe(1);

		world.clock.now += HOUR;
		expect((await extract(entryIds.missing!)).body.error).toBe(first.body.error);
		expect(world.feeds.hits('/missing.html')).toBe(1);

		world.clock.now += 6 * HOUR;
		world.feeds.setFeed('/missing.html', ARTICLE, 'text/html');
		const later = await extract(entryIds.missing!);
		expect(later.body.status).toBe('ok');
		expect(world.feeds.hits('/missing.html')).toBe(2);
	});

	it("is only for the entry's subscribers", async () => {
		const bob = await secondUser(world);
		expect((await extract(entryIds.ok!, bob)).status).toBe(404);
		expect((await extract(999_999)).status).toBe(404);
		expect((await extract(entryIds.ok!, '')).status).toBe(401);
	});
});

describe('extract with the address guard on', () => {
	it('refuses an article on a private address', async () => {
		const feeds = await startFeedServer();
		feeds.setFeed('/article.html', ARTICLE, 'text/html');
		const server = await startTestServer();
		try {
			const { token } = await setupAdmin(server);
			const { feedId } = await subscribe({ server }, token, `${feeds.url}/feed.xml`);
			const entryId = await insertEntry(
				server.store,
				feedId,
				{
					guid: 'x',
					url: `${feeds.url}/article.html`,
					title: 'x',
					author: null,
					summary: null,
					content: null,
					publishedAt: 1,
					updatedAt: null,
					enclosures: '[]',
					categories: '[]',
					language: null,
					dir: 'ltr',
					contentHash: 'h',
					plainText: ''
				},
				1,
				1
			);
			const res = await call(server.url, 'POST', `/api/entries/${entryId}/extract`, { token });
			expect(res.body.status).toBe('failed');
			expect(res.body.error).toMatch(/refused|private|loopback/i);
			expect(feeds.hits('/article.html')).toBe(0);
		} finally {
			await server.close();
			await feeds.close();
		}
	});
});
