import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sanitizeEntryHtml } from '../../../server/feeds/sanitize/sanitize-html';
import { signMediaUrl } from '../../../server/media/media-signing';
import { makePng } from '../../support/png';
import { rss, startEngineWorld, subscribe, type EngineWorld } from '../feed-engine/engine-support';

const KEY = 'k'.repeat(40);
const BASE = 'https://blog.example/posts/1';
const signed = (url: string) => signMediaUrl(KEY, url);

describe('image URLs at ingest', () => {
	it('signs img src and every srcset candidate, keeping the descriptors', () => {
		const html = sanitizeEntryHtml(
			'<img src="/a.png" srcset="/a-1x.png 1x, https://cdn.example/a-2x.png 2x" alt="a">',
			BASE,
			KEY
		);
		expect(html).toContain(`src="${signed('https://blog.example/a.png')}"`);
		expect(html).toContain(
			`srcset="${signed('https://blog.example/a-1x.png')} 1x, ${signed('https://cdn.example/a-2x.png')} 2x"`
		);
	});

	it('signs picture sources and video posters; video files, audio and data: images stay as they are', () => {
		const html = sanitizeEntryHtml(
			'<picture><source srcset="/wide.webp 800w" type="image/webp"><img src="/narrow.jpg" alt="n"></picture>' +
				'<video src="https://media.example/v.mp4" poster="/poster.jpg"></video>' +
				'<audio src="https://media.example/a.mp3"></audio>' +
				'<img src="data:image/png;base64,iVBORw0KGgo=" alt="d">',
			BASE,
			KEY
		);
		expect(html).toContain(`srcset="${signed('https://blog.example/wide.webp')} 800w"`);
		expect(html).toContain(`src="${signed('https://blog.example/narrow.jpg')}"`);
		expect(html).toContain(`poster="${signed('https://blog.example/poster.jpg')}"`);
		expect(html).toContain('src="https://media.example/v.mp4"');
		expect(html).toContain('src="https://media.example/a.mp3"');
		expect(html).toContain('src="data:image/png;base64,iVBORw0KGgo="');
	});

	it('leaves image URLs direct without a key (MEDIA_PROXY=off)', () => {
		expect(sanitizeEntryHtml('<img src="/a.png" alt="a">', BASE, null)).toContain('src="https://blog.example/a.png"');
	});
});

describe('a refreshed feed', () => {
	let world: EngineWorld;
	beforeEach(async () => {
		world = await startEngineWorld();
	});
	afterEach(() => world.close());

	it('stores its images as proxy URLs that the proxy serves', async () => {
		const png = makePng(8, 8);
		world.feeds.setFeed('/pic.png', png, 'image/png');
		const image = `${world.feeds.url}/pic.png`;
		world.feeds.setFeed(
			'/feed.rss',
			rss(world.feeds.url, 'Pictures', [
				{ guid: 'a', title: 'A', content: `<p><img src="${image}" alt="p"></p>`, date: Date.UTC(2026, 0, 10) }
			]),
			'application/rss+xml'
		);
		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/feed.rss`);
		await world.engine.refreshNow(feedId);
		const { content } = (await world.server.store.get<{ content: string }>('SELECT content FROM entries'))!;
		const src = /src="([^"]+)"/.exec(content)![1]!;
		expect(src).toMatch(/^\/api\/media\//);
		expect(content).not.toContain(image);
		const res = await fetch(`${world.server.url}${src}`);
		expect(res.status).toBe(200);
		expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
	});
});
