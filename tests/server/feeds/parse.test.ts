import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotAFeedError, parseFeed, parseFeedWithKind } from '../../../server/feeds/parse/parse-feed';
import { FIXTURES_DIR } from '../../support/feed-server';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES_DIR, name));
const parse = (name: string, url = 'https://feeds.test/dir/feed', contentType?: string) =>
	parseFeed(fixture(name), { url, contentType, now: NOW });

describe('parseFeed formats', () => {
	it('reads RSS 0.91', () => {
		const feed = parse('formats/rss-0.91.rss');
		expect(feed).toMatchObject({ title: 'Old School & Co', siteUrl: 'http://example.com/', language: 'en' });
		expect(feed.entries.map((e) => e.title)).toEqual(['First bold story', 'Second story']);
		// A relative link resolves against the feed URL; without a GUID the link is the id.
		expect(feed.entries[1]).toMatchObject({
			url: 'https://feeds.test/stories/2',
			guid: 'https://feeds.test/stories/2'
		});
	});

	it('reads RSS 1.0 (RDF) with Dublin Core and content:encoded', () => {
		const { kind, feed } = parseFeedWithKind(fixture('formats/rss-1.0.rdf'), { url: 'https://feeds.test/', now: NOW });
		expect(kind).toBe('rss');
		expect(feed.title).toBe('RDF Site Summary');
		expect(feed.entries[0]).toMatchObject({
			guid: 'http://example.org/a',
			author: 'Alice',
			content: '<p>Full <strong>content</strong> A</p>',
			summary: 'Summary A',
			publishedAt: Date.parse('2024-03-01T10:00:00Z'),
			categories: ['science'],
			language: 'en'
		});
	});

	it('reads RSS 2.0: GUID, content:encoded over description, enclosures, categories, ttl, image', () => {
		const feed = parse('formats/rss-2.0.rss');
		expect(feed).toMatchObject({
			title: 'Example “Feed” — RSS 2.0',
			ttlMinutes: 90,
			iconUrl: 'https://example.net/logo.png',
			language: 'en-GB'
		});
		expect(feed.entries[0]).toMatchObject({
			guid: 'post-1',
			title: 'With guid & content:encoded',
			author: 'Bob',
			content: '<p>Long <a href="/relative">content</a></p>',
			summary: 'Short description',
			publishedAt: Date.parse('2024-03-05T08:30:00Z'),
			enclosures: [{ url: 'https://example.net/ep1.mp3', type: 'audio/mpeg', length: 12345 }],
			categories: ['news', 'tech'],
			dir: 'ltr'
		});
		expect(feed.entries[1]).toMatchObject({ guid: 'https://example.net/posts/2', author: 'Carol', summary: null });
		expect(feed.entries[1]!.content).toBe('<p>Escaped <em>HTML</em> description</p>');
	});

	it('gives an entry without GUID or link a hash id that is the same on every fetch', () => {
		const first = parse('formats/rss-2.0.rss').entries[2]!;
		const later = parseFeed(fixture('formats/rss-2.0.rss'), {
			url: 'https://feeds.test/dir/feed',
			now: NOW + 3_600_000
		}).entries[2]!;
		expect(first.guid).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(later.guid).toBe(first.guid);
		expect(first.url).toBeNull();
		// No date: the fetch time, which differs between the two fetches.
		expect(first.publishedAt).toBe(NOW);
	});

	it('clamps far-future dates to now and never uses the zero date', () => {
		const entries = parse('formats/rss-2.0.rss').entries;
		expect(entries.find((e) => e.guid === 'future-1')!.publishedAt).toBe(NOW);
		expect(entries.find((e) => e.guid === 'zero-1')!.publishedAt).toBe(NOW);
		for (const entry of entries) expect(entry.publishedAt).toBeGreaterThan(0);
	});

	it('reads Atom 0.3', () => {
		const { kind, feed } = parseFeedWithKind(fixture('formats/atom-0.3.atom'), {
			url: 'https://feeds.test/',
			now: NOW
		});
		expect(kind).toBe('atom');
		expect(feed).toMatchObject({ title: 'Atom Zero Three', siteUrl: 'http://example.com/atom03/' });
		expect(feed.entries[0]).toMatchObject({
			guid: 'tag:example.com,2004:1',
			url: 'http://example.com/atom03/1',
			author: 'Dave',
			content: '<p>Old content</p>',
			publishedAt: Date.parse('2004-01-01T12:00:00Z'),
			updatedAt: Date.parse('2004-01-02T12:00:00Z')
		});
	});

	it('reads Atom 1.0: html and xhtml text constructs, enclosure links, icon, xml:lang', () => {
		const feed = parse('formats/atom-1.0.atom', 'https://atom.example/feed.atom');
		expect(feed).toMatchObject({
			title: 'Atom One',
			siteUrl: 'https://atom.example/',
			iconUrl: 'https://atom.example/favicon.png',
			description: 'An Atom 1.0 feed',
			language: 'en'
		});
		expect(feed.entries[0]).toMatchObject({
			url: 'https://atom.example/2024/one',
			content: '<p>Entry <b>content</b></p>',
			summary: '<p>Entry summary</p>',
			enclosures: [{ url: 'https://atom.example/v.mp4', type: 'video/mp4', length: 999 }],
			categories: ['atoms'],
			language: 'en'
		});
		expect(feed.entries[1]).toMatchObject({ title: 'XHTML title', content: '<p>XHTML content</p>', url: null });
	});

	it('resolves links against xml:base, nested on entries', () => {
		const feed = parse('formats/xml-base.atom', 'https://elsewhere.example/feed.atom');
		expect(feed.siteUrl).toBe('https://base.example/blog/');
		expect(feed.entries.map((e) => e.url)).toEqual([
			'https://base.example/blog/posts/first.html',
			'https://base.example/blog/second.html'
		]);
	});

	it('reads JSON Feed 1.0 and 1.1', () => {
		const { kind, feed } = parseFeedWithKind(fixture('formats/json-feed-1.0.json'), {
			url: 'https://json.example/feed.json',
			now: NOW
		});
		expect(kind).toBe('json');
		expect(feed).toMatchObject({
			title: 'JSON Feed One',
			siteUrl: 'https://json.example/',
			iconUrl: 'https://json.example/icon.png'
		});
		expect(feed.entries[0]).toMatchObject({
			guid: '1',
			author: 'Frank',
			content: '<p>Hello <b>JSON</b></p>',
			categories: ['json', 'feeds'],
			enclosures: [{ url: 'https://json.example/a.mp3', type: 'audio/mpeg', length: 42 }],
			updatedAt: Date.parse('2024-02-02T10:00:00Z')
		});
		expect(feed.entries[1]).toMatchObject({ content: '<p>Plain text only</p>', url: 'https://json.example/2' });
		const eleven = parse('formats/json-feed-1.1.json');
		expect(eleven.language).toBe('en-US');
		expect(eleven.entries[0]).toMatchObject({
			author: 'Heidi',
			language: 'de',
			publishedAt: Date.parse('2024-06-01T08:00:00Z')
		});
	});
});

describe('parseFeed Media RSS', () => {
	it('uses the thumbnail and description as content when an entry has no other (YouTube feeds)', () => {
		const xml = `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><title>Channel</title>
			<entry><id>yt:video:abc</id><title>Video</title><link rel="alternate" href="https://www.youtube.com/watch?v=abc"/>
			<media:group><media:title>Video</media:title><media:thumbnail url="https://i.ytimg.com/vi/abc/hq.jpg" width="480" height="360"/>
			<media:description>Line one &amp; more

Second paragraph</media:description></media:group></entry></feed>`;
		const entry = parseFeed(xml, { url: 'https://www.youtube.com/feeds/videos.xml', now: NOW }).entries[0]!;
		expect(entry.content).toBe(
			'<p><img src="https://i.ytimg.com/vi/abc/hq.jpg" alt=""></p><p>Line one &amp; more</p><p>Second paragraph</p>'
		);
	});
});

describe('parseFeed text', () => {
	it('marks right-to-left languages and detects right-to-left text without a language', () => {
		const arabic = parse('formats/rtl-arabic.rss');
		expect(arabic.entries[0]).toMatchObject({ language: 'ar', dir: 'rtl' });
		const hebrew = parse('formats/rtl-hebrew-nolang.rss');
		expect(hebrew.entries.map((e) => e.dir)).toEqual(['rtl', 'ltr']);
	});

	it.each([
		['fa-IR', 'rtl'],
		['ur', 'rtl'],
		['ckb', 'rtl'],
		['yi', 'rtl'],
		['az-Arab', 'rtl'],
		['en-US', 'ltr'],
		['ru', 'ltr']
	])('gives language %s the direction %s', (language, dir) => {
		const xml = `<rss version="2.0"><channel><title>t</title><language>${language}</language><item><title>x</title><guid>1</guid></item></channel></rss>`;
		expect(parseFeed(xml, { url: 'https://feeds.test/', now: NOW }).entries[0]!.dir).toBe(dir);
	});

	it('reads the charset from the XML declaration, the Content-Type, or a BOM', () => {
		expect(parse('charset/windows-1251.rss', undefined, 'application/rss+xml; charset=utf-8').title).toBe(
			'Новости дня'
		);
		expect(
			parse('charset/windows-1251-no-declaration.rss', undefined, 'text/xml; charset=windows-1251').entries[0]!.title
		).toBe('Первая новость');
		expect(parse('charset/latin1.rss').entries[0]!.title).toBe('Crème brûlée');
		expect(parse('charset/utf16le-bom.rss').title).toBe('UTF-16 façade');
		expect(parse('charset/utf8-bom.rss').entries[0]!.title).toBe('Naïve item');
	});

	it('removes characters XML forbids and tolerates HTML entities', () => {
		const feed = parse('charset/invalid-chars-entities.rss');
		expect(feed.title).toBe('Bad chars été © feed');
		expect(feed.entries[0]!.title).toBe('Café … item');
		expect(feed.entries[0]!.content).toBe('<p>café</p> & more ’');
	});

	it('makes titles plain text', () => {
		const xml = `<rss version="2.0"><channel><title>A &lt;b&gt;bold&lt;/b&gt; &amp;amp; feed</title><item><title><![CDATA[<em>Hi</em> &amp; <script>alert(1)</script>bye]]></title><guid>1</guid></item></channel></rss>`;
		const feed = parseFeed(xml, { url: 'https://feeds.test/', now: NOW });
		expect(feed.title).toBe('A bold & feed');
		expect(feed.entries[0]!.title).toBe('Hi & bye');
	});

	it('falls back to the host name for a feed without a title', () => {
		const xml = '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id><title>t</title></entry></feed>';
		expect(parseFeed(xml, { url: 'https://untitled.example/atom', now: NOW }).title).toBe('untitled.example');
	});
});

describe('parseFeed refusals and hostile input', () => {
	it.each([
		['<!doctype html><html><head><title>x</title></head><body>page</body></html>', /HTML page/],
		['{"hello": "world"}', /JSON, but not a JSON Feed/],
		['<opml version="2.0"><body/></opml>', /root element <opml>/],
		['just some words', /neither XML nor JSON/],
		['', /empty/],
		[Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /not a feed/]
	])('refuses %j as not a feed', (body, message) => {
		let error: unknown;
		try {
			parseFeed(body, { url: 'https://feeds.test/', now: NOW });
		} catch (err) {
			error = err;
		}
		expect(error).toBeInstanceOf(NotAFeedError);
		expect((error as Error).message).toMatch(/^this is not a feed: /);
		expect((error as Error).message).toMatch(message);
	});

	it('leaves billion-laughs entities unexpanded, so the result stays small', () => {
		const feed = parse('hostile/billion-laughs.xml');
		const everything = JSON.stringify(feed);
		expect(everything.length).toBeLessThan(10_000);
		expect(everything).not.toContain('lollol');
	});

	it('never resolves external entities (XXE)', () => {
		const feed = parse('hostile/xxe.xml');
		const everything = JSON.stringify(feed);
		expect(everything).not.toContain('root:');
		expect(everything).not.toMatch(/ami-id|instance-id/);
		expect(feed.entries[0]!.title).toBe('Secret: &xxe;');
	});

	it('survives a feed of 100,000 nested entity references without blowing up', () => {
		const bomb = Buffer.from(
			`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "${'&b;'.repeat(1000)}"><!ENTITY b "${'x'.repeat(1000)}">]><rss version="2.0"><channel><title>${'&a;'.repeat(100)}</title></channel></rss>`
		);
		const feed = parseFeed(bomb, { url: 'https://feeds.test/', now: NOW });
		expect(feed.title.length).toBeLessThan(1000);
	});
});

describe('parseFeed with maxEntries', () => {
	const item = (guid: string, day: number) =>
		`<item><guid>${guid}</guid><title>${guid}</title><pubDate>${new Date(Date.UTC(2025, 0, day)).toUTCString()}</pubDate></item>`;
	const items = (list: [string, number][]) => list.map(([guid, day]) => item(guid, day)).join('');

	it('keeps the newest, of equal dates the earliest in the document, one per guid, in document order', () => {
		// The second "a" is the newest item but a duplicate: the first "a" counts, and it is too old to keep.
		const body = items([
			['a', 1],
			['b', 5],
			['c', 3],
			['d', 5],
			['a', 9],
			['e', 7],
			['f', 5]
		]);
		for (const xml of [
			`<rss><channel><title>T</title>${body}</channel></rss>`,
			`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">${body}</rdf:RDF>`
		]) {
			const feed = parseFeed(xml, { url: 'https://feeds.test/', now: NOW, maxEntries: 3 });
			expect(feed.entries.map((e) => e.guid)).toEqual(['b', 'd', 'e']);
		}
	});

	it('reads Atom entries and JSON Feed items the same way', () => {
		const entry = (id: string, day: number) =>
			`<entry><id>${id}</id><title>${id}</title><updated>2025-01-0${day}T00:00:00Z</updated></entry>`;
		const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>${entry('x', 2)}${entry('y', 1)}${entry('z', 3)}</feed>`;
		expect(parseFeed(atom, { url: 'https://feeds.test/', now: NOW, maxEntries: 2 }).entries.map((e) => e.guid)).toEqual(
			['x', 'z']
		);
		const json = JSON.stringify({
			version: 'https://jsonfeed.org/version/1.1',
			title: 'T',
			items: [1, 3, 2].map((day) => ({ id: `j${day}`, content_text: 't', date_published: `2025-01-0${day}T00:00:00Z` }))
		});
		expect(parseFeed(json, { url: 'https://feeds.test/', now: NOW, maxEntries: 2 }).entries.map((e) => e.guid)).toEqual(
			['j3', 'j2']
		);
	});
});
