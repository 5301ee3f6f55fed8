import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../../server/feeds/fetch/fetch-feed';
import { NotAFeedError, parseFeed } from '../../../server/feeds/parse/parse-feed';
import { sanitizeEntryHtml } from '../../../server/feeds/sanitize/sanitize-html';
import { SHARED_FEEDS_DIR, startFeedServer, type FeedServer } from '../../support/feed-server';

/** The shared real-world corpus (../shared/feeds) sits beside the project: checked only where it exists. */
const hasCorpus = existsSync(SHARED_FEEDS_DIR);

function corpusFiles(): string[] {
	if (!hasCorpus) return [];
	const walk = (dir: string): string[] =>
		readdirSync(dir).flatMap((name) => {
			const file = path.join(dir, name);
			return statSync(file).isDirectory() ? walk(file) : [file];
		});
	return walk(SHARED_FEEDS_DIR)
		.filter((f) => !f.endsWith('.md'))
		.map((f) => path.relative(SHARED_FEEDS_DIR, f))
		.sort();
}

/** How many items a document holds, counted independently of the parser: its <item>/<entry> elements or JSON items. */
function itemCount(text: string): number {
	if (text.trimStart().startsWith('{')) return (JSON.parse(text) as { items?: unknown[] }).items?.length ?? 0;
	return (text.match(/<(item|entry)[\s>]/g) ?? []).length;
}

const NOW = Date.now();
const feedFiles = corpusFiles().filter((f) => !f.endsWith('unrecognized.rss'));

describe.runIf(hasCorpus)('the shared real-world corpus', () => {
	let server: FeedServer;
	beforeAll(async () => {
		server = await startFeedServer({ dir: SHARED_FEEDS_DIR });
	});
	afterAll(() => server.close());

	it('is there', () => {
		expect(feedFiles.length).toBeGreaterThan(30);
	});

	it.each(feedFiles)('%s parses with a title and its items, served over HTTP', async (file) => {
		const outcome = await fetchFeed(
			`${server.url}/${file}`,
			{ etag: null, lastModified: null, bodyHash: null },
			{ allowPrivate: true }
		);
		if (outcome.kind !== 'ok') throw new Error(`fetch failed: ${JSON.stringify(outcome)}`);
		const feed = parseFeed(outcome.body, { url: outcome.finalUrl, contentType: outcome.contentType, now: NOW });
		expect(feed.title.trim()).not.toBe('');
		const text = readFileSync(path.join(SHARED_FEEDS_DIR, file), 'utf8');
		const expected = itemCount(text);
		// An entry with nothing in it (incomplete-fields.atom: only an empty <author>) is dropped, not invented.
		const empty = (text.match(/<entry>\s*<author><\/author>\s*<\/entry>/g) ?? []).length;
		expect(feed.entries).toHaveLength(expected - empty);
		for (const entry of feed.entries) {
			expect(entry.guid).not.toBe('');
			expect(entry.publishedAt).toBeGreaterThan(0);
			expect(entry.publishedAt).toBeLessThanOrEqual(NOW + 24 * 3600 * 1000);
			if (entry.url) expect(() => new URL(entry.url!)).not.toThrow();
			if (entry.content) sanitizeEntryHtml(entry.content, entry.url ?? outcome.finalUrl);
		}
	});

	it('refuses unrecognized.rss as not a feed', () => {
		const body = readFileSync(path.join(SHARED_FEEDS_DIR, 'rss-parser/unrecognized.rss'));
		expect(() => parseFeed(body, { url: 'https://feeds.test/', now: NOW })).toThrow(NotAFeedError);
		expect(() => parseFeed(body, { url: 'https://feeds.test/', now: NOW })).toThrow(/^this is not a feed: /);
	});

	it('links the lite-reader fixtures to the test server, and reads the Persian feed right to left', async () => {
		const outcome = await fetchFeed(
			`${server.url}/lite-reader/farsi.xml`,
			{ etag: null, lastModified: null, bodyHash: null },
			{ allowPrivate: true }
		);
		if (outcome.kind !== 'ok') throw new Error('fetch failed');
		const farsi = parseFeed(outcome.body, { url: outcome.finalUrl, now: NOW });
		expect(farsi.entries.every((e) => e.dir === 'rtl')).toBe(true);
		const tech = parseFeed(readFileSync(path.join(SHARED_FEEDS_DIR, 'lite-reader/tech-news.xml')), {
			url: server.url,
			now: NOW
		});
		expect(tech.entries[0]!.content).toContain('<p>');
		const served = await fetchFeed(
			`${server.url}/lite-reader/tech-news.xml`,
			{ etag: null, lastModified: null, bodyHash: null },
			{ allowPrivate: true }
		);
		if (served.kind !== 'ok') throw new Error('fetch failed');
		expect(parseFeed(served.body, { url: served.finalUrl, now: NOW }).entries[0]!.url).toMatch(
			new RegExp(`^${server.url}/`)
		);
	});
});
