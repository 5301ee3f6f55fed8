import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restampImageUrls } from '../../../server/feeds/sanitize/media-urls';
import { sanitizeEntryHtml } from '../../../server/feeds/sanitize/sanitize-html';
import { mediaKey } from '../../../server/media/media-key';
import { signMediaUrl } from '../../../server/media/media-signing';
import { restampStoredMedia } from '../../../server/media/restamp-stored';
import { rss, startEngineWorld, subscribe, type EngineWorld } from '../feed-engine/engine-support';

const KEY = 'k'.repeat(40);
const OTHER_KEY = 'o'.repeat(40);
const ARTICLE =
	'<p>Tom &amp; Jerry<br />a&nbsp;line</p><picture><source srcset="https://a.example/w.webp 2x" /><img src="https://a.example/p.png" alt="p" /></picture>' +
	'<video src="https://a.example/v.mp4" poster="https://a.example/poster.jpg"></video><p>end<wbr />s</p>';

describe('rewriting stored image URLs', () => {
	it('turns direct URLs into proxy URLs and back, changing nothing else', () => {
		const direct = sanitizeEntryHtml(ARTICLE, 'https://a.example/', null);
		const proxied = sanitizeEntryHtml(ARTICLE, 'https://a.example/', KEY);
		expect(restampImageUrls(direct, KEY)).toBe(proxied);
		expect(restampImageUrls(proxied, null)).toBe(direct);
		expect(restampImageUrls(proxied, OTHER_KEY)).toBe(sanitizeEntryHtml(ARTICLE, 'https://a.example/', OTHER_KEY));
		expect(restampImageUrls(proxied, KEY)).toBe(proxied);
	});
});

describe('the rewrite of stored entries at start', () => {
	let world: EngineWorld;
	beforeEach(async () => {
		world = await startEngineWorld();
	});
	afterEach(() => world.close());

	const stored = () =>
		world.server.store.all<{ guid: string; content: string; version: number }>(
			'SELECT guid, content, version FROM entries ORDER BY guid'
		);

	it('rewrites entries written for another setting once, with new versions, and only those with images', async () => {
		const image = 'https://pics.example/a.png';
		world.feeds.setFeed(
			'/feed.rss',
			rss(world.feeds.url, 'Pictures', [
				{ guid: 'a', title: 'A', content: `<p><img src="${image}" alt="a"></p>`, date: Date.UTC(2026, 0, 10) },
				{ guid: 'b', title: 'B', content: '<p>No picture &amp; no change</p>', date: Date.UTC(2026, 0, 11) }
			]),
			'application/rss+xml'
		);
		const logger = world.server.deps.logger;
		// As at start: the fresh database takes the running setting.
		expect(await restampStoredMedia(world.server.store, mediaKey(world.server.deps.config), logger)).toBe(0);
		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/feed.rss`);
		await world.engine.refreshNow(feedId);

		expect(await restampStoredMedia(world.server.store, null, logger)).toBe(1);
		const direct = await stored();
		expect(direct[0]!.content).toContain(`src="${image}"`);

		expect(await restampStoredMedia(world.server.store, KEY, logger)).toBe(1);
		const proxied = await stored();
		expect(proxied[0]!.content).toContain(`src="${signMediaUrl(KEY, image)}"`);
		expect(proxied[0]!.version).toBeGreaterThan(direct[0]!.version);
		expect(proxied[1]).toEqual(direct[1]);

		expect(await restampStoredMedia(world.server.store, KEY, logger)).toBe(0);
		expect(await stored()).toEqual(proxied);
	});
});
