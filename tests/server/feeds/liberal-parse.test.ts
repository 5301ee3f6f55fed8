import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeed, parseFeedWithKind } from '../../../server/feeds/parse/parse-feed';
import { prepareEntry } from '../../../server/feeds/refresh/prepare-entries';
import { FIXTURES_DIR } from '../../support/feed-server';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const URL_ = 'https://feeds.test/dir/feed';
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES_DIR, 'liberal', name));
const parse = (name: string, url = URL_) => parseFeed(fixture(name), { url, now: NOW });
const byGuid = (name: string) => new Map(parse(name).entries.map((e) => [e.guid, e]));

describe('minimal and unusual well-formed feeds are read', () => {
	it('an empty Atom 1.0 feed is a feed with no entries, named after its host', () => {
		const { kind, feed } = parseFeedWithKind(fixture('empty-atom-1.0.atom'), { url: URL_, now: NOW });
		expect(kind).toBe('atom');
		expect(feed).toMatchObject({ title: 'feeds.test', siteUrl: null, entries: [] });
	});

	it('an Atom 0.3 feed with only <copyright> and <info>', () => {
		expect(parse('atom-0.3-copyright-only.atom')).toMatchObject({ title: 'feeds.test', entries: [] });
	});

	it('RSS items whose only content is <body>, <fullitem>, <xhtml:body> or <dc:author>', () => {
		const feed = parse('rss-body-only.rss');
		expect(feed.title).toBe('Bodies');
		expect(feed.entries.map((e) => [e.content, e.author])).toEqual([
			['<p>Body <b>element</b> content</p>', null],
			['<p>Full item content</p>', null],
			['<p>XHTML body content</p>', null],
			[null, 'Only An Author']
		]);
		// No id, link or date: each still gets an id of its own that the next fetch gives again.
		expect(new Set(feed.entries.map((e) => e.guid)).size).toBe(4);
		expect(parse('rss-body-only.rss').entries.map((e) => e.guid)).toEqual(feed.entries.map((e) => e.guid));
	});

	it('a channel that speaks only iTunes', () => {
		const feed = parse('itunes-only.rss');
		expect(feed).toMatchObject({
			title: 'feeds.test',
			description: 'A podcast that only speaks iTunes',
			iconUrl: 'https://pod.example/cover.jpg'
		});
		expect(feed.entries).toEqual([
			expect.objectContaining({
				guid: 'ep-1',
				title: 'Episode One',
				content: '<p>The first episode</p>',
				publishedAt: Date.UTC(2021, 8, 6, 16, 45),
				enclosures: [{ url: 'https://pod.example/1.mp3', type: 'audio/mpeg', length: 1000 }]
			})
		]);
	});

	it('<rss> without <channel>', () => {
		const feed = parse('rss-without-channel.rss');
		expect(feed).toMatchObject({ title: 'Channel-less', siteUrl: 'https://nochannel.example/' });
		expect(feed.entries).toEqual([
			expect.objectContaining({
				title: 'Orphan item',
				url: 'https://feeds.test/orphan',
				publishedAt: Date.UTC(2021, 8, 7, 10)
			})
		]);
	});

	it('upper-case legacy elements, and en_US as en-US', () => {
		const feed = parse('upper-case-legacy.rss');
		expect(feed).toMatchObject({
			title: 'Shouting Feed',
			siteUrl: 'http://shout.example/',
			description: 'An old feed in capitals',
			language: 'en-US'
		});
		expect(feed.entries).toEqual([
			expect.objectContaining({ title: 'Loud item', url: 'http://shout.example/loud', content: 'Loud description' })
		]);
	});
});

describe('base64 content is decoded', () => {
	it('Atom 0.3 mode="base64", as the HTML its type says', () => {
		expect(parse('base64-atom-0.3.atom').entries[0]!.content).toBe('<p>Decoded <b>HTML</b> from base64</p>');
	});

	it('Atom 1.0 content of a non-text MIME type, as text', () => {
		expect(parse('base64-atom-1.0.atom').entries[0]!.content).toBe('<p>Example &lt;b&gt;Atom&lt;/b&gt; octets</p>');
	});

	it('content of a non-text MIME type that is not base64 stays as written', () => {
		expect(parse('content-base.atom').entries[1]!.content).toBe('<p>Not base64 text!</p>');
	});
});

describe('xml:base', () => {
	it('on the root and on <channel>: the nearest wins, non-ASCII paths percent-encoded', () => {
		const feed = parse('xml-base-root-channel.rss');
		expect(feed.siteUrl).toBe('https://root.example/blog/stra%C3%9Fe/');
		expect(feed.iconUrl).toBe('https://root.example/blog/stra%C3%9Fe/logo.png');
		const [first, second] = feed.entries;
		expect(first!.url).toBe('https://root.example/blog/stra%C3%9Fe/post-1.html');
		expect(second!.url).toBe('https://item.example/post-2.html');
		expect(second!.enclosures[0]!.url).toBe('https://item.example/%E6%97%A5%E6%9C%AC/ep.mp3');
		// Links inside the content resolve against the same base once the entry is prepared for storage.
		expect(prepareEntry(first!, URL_).content).toContain('href="https://root.example/blog/stra%C3%9Fe/other.html"');
	});

	it('on Atom content: its links resolve against it, the entry id and link against the entry', () => {
		const entry = parse('content-base.atom').entries[0]!;
		expect(entry).toMatchObject({ guid: 'https://cb.example/entries/e/1', url: 'https://cb.example/entries/one.html' });
		expect(prepareEntry(entry, URL_).content).toContain('src="https://assets.example/media/pic.png"');
	});

	it('on the root alone', () => {
		const feed = parse('root-base-only.rss');
		expect(feed.siteUrl).toBe('https://root.example/');
		expect(feed.entries[0]!.url).toBe('https://root.example/blog/posts/1');
	});
});

describe('Dublin Core and Media RSS', () => {
	it('dc:title, dc:description and dcterms dates stand in for the RSS elements', () => {
		const feed = parse('dublin-core-media.rss');
		expect(feed).toMatchObject({ title: 'Dublin Core Channel', description: 'Described in Dublin Core' });
		const entries = byGuid('dublin-core-media.rss');
		expect(entries.get('dc-1')).toMatchObject({
			title: 'DC item title',
			content: 'DC item description',
			publishedAt: Date.UTC(2024, 3, 1, 9),
			updatedAt: Date.UTC(2024, 3, 2, 9)
		});
		expect(entries.get('dc-2')!.publishedAt).toBe(Date.UTC(2024, 3, 3, 9, 30));
	});

	it('media:title, media:description, media:category, and media:thumbnail as the image when content has none', () => {
		const entries = byGuid('dublin-core-media.rss');
		expect(entries.get('dc-3')).toMatchObject({
			title: 'Media title',
			content: '<p><img src="https://dc.example/thumb.jpg" alt=""></p><p>Media description</p>',
			categories: ['photos']
		});
		expect(entries.get('dc-4')!.content).toBe('<p>Text <img src="https://dc.example/own.jpg" alt="own"></p>');
		expect(entries.get('dc-5')!.content).toBe('<p><img src="https://dc.example/thumb3.jpg" alt=""></p>Just words');
	});
});

describe('dates as feeds write them', () => {
	const at = Date.UTC(2021, 8, 6, 16, 45);
	it.each([
		['rfc822', at],
		['no-weekday-no-seconds', at],
		['two-digit-year-named-zone', at + 4 * 3_600_000],
		['military-zone', at - 3_600_000],
		['iso-space-no-zone', at],
		['iso-no-zone', at],
		['w3cdtf-offset', at],
		['w3cdtf-month', Date.UTC(2021, 8, 1)],
		['german', Date.UTC(2021, 9, 6, 16, 45)],
		['french', at],
		['italian', at],
		['spanish', Date.UTC(2021, 11, 6, 16, 45)],
		['month-first', at]
	])('%s', (guid, expected) => {
		expect(byGuid('dates.rss').get(guid)!.publishedAt).toBe(expected);
	});

	it('a date nobody can read is the fetch time', () => {
		expect(byGuid('dates.rss').get('unreadable')!.publishedAt).toBe(NOW);
	});
});

describe('text rules', () => {
	it('an HTML title holding only an image reads as its alt text; several <updated>: the last wins', () => {
		const feed = parse('text-rules.atom');
		expect(feed.title).toBe('The Comic Strip');
		expect(feed.language).toBe('en-US');
		expect(feed.entries[0]).toMatchObject({
			title: 'Strip #12: Mondays',
			updatedAt: Date.UTC(2024, 2, 3),
			language: 'en-US'
		});
	});

	it('a relative id is resolved against the base only when it looks like a URL', () => {
		expect(parse('text-rules.atom').entries.map((e) => e.guid)).toEqual(['https://text.example/strips/12', '42']);
	});
});
