import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverFeeds, NoFeedFoundError } from '../../../server/feeds/discover/discover';
import { FetchError } from '../../../server/feeds/fetch/safe-fetch';
import { setupAdmin } from '../../support/accounts';
import { startFeedServer, type FeedServer } from '../../support/feed-server';
import { call } from '../../support/http';
import { startTestServer, type TestServer } from '../../support/test-server';

const open = { allowPrivate: true };
const RSS = (title: string) =>
	`<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://x.example/</link><item><title>i</title><guid>1</guid></item></channel></rss>`;

let feeds: FeedServer;
beforeAll(async () => {
	feeds = await startFeedServer();
});
afterAll(() => feeds.close());

async function rejection(promise: Promise<unknown>): Promise<Error> {
	const err = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(err).toBeInstanceOf(Error);
	return err as Error;
}

describe('discoverFeeds', () => {
	it('returns a feed URL as itself, with its title and kind', async () => {
		expect(await discoverFeeds(`${feeds.url}/formats/atom-1.0.atom`, open)).toEqual({
			feeds: [{ url: `${feeds.url}/formats/atom-1.0.atom`, title: 'Atom One', kind: 'atom' }]
		});
		const json = await discoverFeeds(`${feeds.url}/formats/json-feed-1.0.json`, open);
		expect(json.feeds).toEqual([
			{ url: `${feeds.url}/formats/json-feed-1.0.json`, title: 'JSON Feed One', kind: 'json' }
		]);
	});

	it("keeps the URL asked for after a temporary redirect and takes the new one after a permanent one, never the feed's self link", async () => {
		const temporary = await discoverFeeds(`${feeds.url}/_/redirect/302/formats/atom-1.0.atom`, open);
		expect(temporary.feeds[0]!.url).toBe(`${feeds.url}/_/redirect/302/formats/atom-1.0.atom`);
		const permanent = await discoverFeeds(`${feeds.url}/_/redirect/301/formats/atom-1.0.atom`, open);
		expect(permanent.feeds[0]!.url).toBe(`${feeds.url}/formats/atom-1.0.atom`);
		// atom-1.0.atom's self link is https://atom.example/feed.atom: not what is offered.
		expect(permanent.feeds[0]!.url).not.toContain('atom.example');
	});

	it("offers an HTML page's alternate feeds, resolved, deduplicated, with the feeds' own titles", async () => {
		const result = await discoverFeeds(`${feeds.url}/discover/page.html`, open);
		expect(result.feeds).toEqual([
			{ url: `${feeds.url}/formats/rss-2.0.rss`, title: 'Example “Feed” — RSS 2.0', kind: 'rss' },
			{ url: `${feeds.url}/formats/atom-1.0.atom`, title: 'Atom One', kind: 'atom' },
			{ url: `${feeds.url}/formats/json-feed-1.1.json`, title: 'JSON Feed Eleven', kind: 'json' }
		]);
	});

	it('drops advertised links that are not feeds, and falls back to the well-known paths', async () => {
		const site = await startFeedServer();
		try {
			site.setFeed(
				'/index.html',
				'<html><head><link rel="alternate" type="application/rss+xml" href="/missing.xml"></head></html>',
				'text/html'
			);
			site.setFeed('/rss.xml', RSS('Found at /rss.xml'));
			const result = await discoverFeeds(`${site.url}/index.html`, open);
			expect(result.feeds).toEqual([{ url: `${site.url}/rss.xml`, title: 'Found at /rss.xml', kind: 'rss' }]);
			expect(site.hits('/missing.xml')).toBe(1);
			for (const path of ['/feed', '/rss', '/atom.xml', '/feed.xml', '/index.xml']) expect(site.hits(path)).toBe(1);
		} finally {
			await site.close();
		}
	});

	it('says so when there is no feed anywhere', async () => {
		const site = await startFeedServer();
		try {
			const err = await rejection(discoverFeeds(`${site.url}/discover/no-links.html`, open));
			expect(err).toBeInstanceOf(NoFeedFoundError);
			expect(err.message).toBe(
				`no feed found at ${site.url}/discover/no-links.html: the page links to no feed, and none is at the usual paths (/feed, /rss, /atom.xml…)`
			);
		} finally {
			await site.close();
		}
	});

	it('reports an unreachable or refused URL as a FetchError', async () => {
		const refused = await rejection(discoverFeeds(`${feeds.url}/formats/rss-2.0.rss`, { allowPrivate: false }));
		expect(refused).toMatchObject({ code: 'blocked_address' });
		const missing = await rejection(discoverFeeds(`${feeds.url}/nothing-here`, open));
		expect(missing).toBeInstanceOf(FetchError);
		expect(missing).toMatchObject({ code: 'http', status: 404 });
	});
});

describe('POST /api/discover', () => {
	let open: TestServer;
	let guarded: TestServer;
	let token: string;
	let guardedToken: string;
	beforeAll(async () => {
		open = await startTestServer({ env: { ALLOW_PRIVATE_FEEDS: 'true' } });
		guarded = await startTestServer();
		token = (await setupAdmin(open)).token;
		guardedToken = (await setupAdmin(guarded)).token;
	});
	afterAll(async () => {
		await open.close();
		await guarded.close();
	});

	it('answers the feeds found', async () => {
		const res = await call(open.url, 'POST', '/api/discover', {
			token,
			body: { url: `${feeds.url}/discover/page.html` }
		});
		expect(res.status).toBe(200);
		expect(res.body.feeds).toHaveLength(3);
		expect(res.body.feeds[0]).toEqual({
			url: `${feeds.url}/formats/rss-2.0.rss`,
			title: 'Example “Feed” — RSS 2.0',
			kind: 'rss'
		});
	});

	it('takes an address typed without a scheme: https first, then http when https cannot connect', async () => {
		// The feed server speaks plain HTTP on a local port, so https:// fails to connect and http:// answers.
		for (const typed of [feeds.url.replace('http://', ''), feeds.url.replace('http://127.0.0.1', 'localhost')]) {
			const res = await call(open.url, 'POST', '/api/discover', {
				token,
				body: { url: `${typed.replace('http://', '')}/formats/atom-1.0.atom` }
			});
			expect(res.status).toBe(200);
			expect(res.body.feeds).toEqual([
				{ url: expect.stringMatching(/^http:\/\/.*\/formats\/atom-1\.0\.atom$/), title: 'Atom One', kind: 'atom' }
			]);
		}
	});

	it('needs a session', async () => {
		const res = await call(open.url, 'POST', '/api/discover', { body: { url: `${feeds.url}/discover/page.html` } });
		expect(res.status).toBe(401);
	});

	it('refuses a private address while ALLOW_PRIVATE_FEEDS is off', async () => {
		for (const url of [
			`${feeds.url}/formats/rss-2.0.rss`,
			'http://169.254.169.254/latest/meta-data/',
			'http://localhost/feed'
		]) {
			const res = await call(guarded.url, 'POST', '/api/discover', { token: guardedToken, body: { url } });
			expect(res.status).toBe(400);
			expect(res.body.error.code).toBe('invalid_request');
			expect(res.body.error.message).toMatch(/^refused: /);
		}
	});

	it('answers 400 for bad input, 404 when nothing is found, 502 when the site fails', async () => {
		const bad = await call(open.url, 'POST', '/api/discover', { token, body: { url: 42 } });
		expect(bad.status).toBe(400);
		const scheme = await call(open.url, 'POST', '/api/discover', { token, body: { url: 'file:///etc/passwd' } });
		expect(scheme.status).toBe(400);
		const site = await startFeedServer();
		try {
			const none = await call(open.url, 'POST', '/api/discover', {
				token,
				body: { url: `${site.url}/discover/no-links.html` }
			});
			expect(none.status).toBe(404);
			expect(none.body.error.message).toMatch(/^no feed found at /);
			const failing = await call(open.url, 'POST', '/api/discover', {
				token,
				body: { url: `${site.url}/_/status/500` }
			});
			expect(failing.status).toBe(502);
			expect(failing.body.error).toMatchObject({
				code: 'bad_gateway',
				message: expect.stringContaining('answered 500')
			});
		} finally {
			await site.close();
		}
	});
});
