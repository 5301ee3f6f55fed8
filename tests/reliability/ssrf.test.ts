import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeFetch } from '../../server/feeds/fetch/safe-fetch';
import { refreshIconIfStale } from '../../server/feeds/icons/refresh-icon';
import { feedIdByUrl, getFeed } from '../../server/feeds/feeds-repo';
import { pushResponseSchema } from '#shared/sync';
import { setupAdmin } from '../support/accounts';
import { startFeedServer, type FeedServer } from '../support/feed-server';
import { call } from '../support/http';
import { startTestServer, type TestServer } from '../support/test-server';
import { expectHandled } from './support/responses';
import { addEntries } from './support/server-state';

/**
 * Issue 8, item 6: with ALLOW_PRIVATE_FEEDS unset, nothing the server fetches on a user's behalf (a feed, a page
 * to discover feeds in, an article to extract, a favicon) may reach the server's own network. The feed server
 * below listens on 127.0.0.1 and counts every request: it must count none.
 */
const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Inside</title><link>http://127.0.0.1/</link>
<item><title>internal secret</title><link>http://127.0.0.1/a</link><guid>a</guid></item></channel></rss>`;

/** Every spelling of "this machine" or "the private network" we know of. */
function hostileHosts(port: number): string[] {
	return [
		`127.0.0.1:${port}`,
		`localhost:${port}`,
		`127.0.0.2:${port}`,
		`127.1:${port}`,
		`2130706433:${port}`,
		`0x7f000001:${port}`,
		`0177.0.0.1:${port}`,
		`0.0.0.0:${port}`,
		`[::1]:${port}`,
		`[::ffff:127.0.0.1]:${port}`,
		`[::]:${port}`,
		'10.0.0.1',
		'172.16.0.1',
		'192.168.1.1',
		'100.64.0.1',
		'169.254.169.254',
		'[fd00::1]',
		'[fe80::1]',
		'[fc00::1]'
	];
}

describe('SSRF: nothing private is fetched', () => {
	let server: TestServer;
	let feeds: FeedServer;
	let token: string;
	let nextId = 1;

	beforeAll(async () => {
		feeds = await startFeedServer();
		feeds.setFeed('/feed.rss', RSS);
		feeds.setFeed(
			'/page.html',
			`<html><head><link rel="alternate" type="application/rss+xml" href="/feed.rss"><link rel="icon" href="/icon.png"></head></html>`,
			'text/html'
		);
		feeds.setFeed('/favicon.ico', Buffer.from([0, 0, 1, 0]), 'image/x-icon');
		server = await startTestServer();
		token = (await setupAdmin(server)).token;
	});
	afterAll(async () => {
		await server.close();
		await feeds.close();
	});

	const totalHits = () =>
		['/feed.rss', '/page.html', '/favicon.ico', '/icon.png', '/a'].reduce((n, p) => n + feeds.hits(p), 0);

	it('discovery refuses every private address', async () => {
		for (const host of hostileHosts(Number(new URL(feeds.url).port))) {
			for (const path of ['/page.html', '/feed.rss']) {
				const res = await call(server.url, 'POST', '/api/discover', { token, body: { url: `http://${host}${path}` } });
				expectHandled(res, host);
				expect(res.status, `${host}${path}: ${JSON.stringify(res.body)}`).toBe(400);
			}
		}
		expect(totalHits()).toBe(0);
	});

	it('subscribing stores the subscription but the refresh refuses to fetch it', async () => {
		let refreshed = 0;
		for (const host of hostileHosts(Number(new URL(feeds.url).port))) {
			const subscriptionId = randomUUID();
			const url = `http://${host}/feed.rss`;
			const pushed = await call(server.url, 'POST', '/api/sync/push', {
				token,
				body: {
					protocolVersion: 1,
					clientId: 'ssrf-client-1',
					mutations: [
						{ id: nextId++, name: 'subscription.create', args: { subscriptionId, url, folderId: null, orderKey: 'a0' } }
					]
				}
			});
			const [result] = pushResponseSchema.parse(pushed.body).results;
			if (result!.status === 'rejected') continue; // refused at the door is refused too
			refreshed += 1;
			const refresh = await call(server.url, 'POST', `/api/subscriptions/${subscriptionId}/refresh`, { token });
			expectHandled(refresh, host);
			expect(JSON.stringify(refresh.body), host).toMatch(/refused|blocked|private|loopback|link-local|reserved/i);
		}
		expect(refreshed).toBeGreaterThan(10);
		expect(totalHits()).toBe(0);
	});

	it('extraction refuses an article on a private address', async () => {
		const feedUrl = `http://127.0.0.1:${new URL(feeds.url).port}/feed.rss`;
		expect(await feedIdByUrl(server.store, feedUrl)).toBeDefined();
		const [entryId] = await addEntries(server.store, feedUrl, 1);
		const res = await call(server.url, 'POST', `/api/entries/${entryId}/extract`, { token });
		expectHandled(res);
		expect(res.body.status, JSON.stringify(res.body)).toBe('failed');
		expect(res.body.fullContent).toBeNull();
		expect(totalHits()).toBe(0);
	});

	it('favicons are not fetched from private addresses', async () => {
		const feedUrl = `http://127.0.0.1:${new URL(feeds.url).port}/feed.rss`;
		const feedId = (await feedIdByUrl(server.store, feedUrl))!;
		for (const host of hostileHosts(Number(new URL(feeds.url).port)).slice(0, 11)) {
			const ctx = { db: server.store, bus: server.deps.bus, allowPrivate: false, now: () => Date.now() };
			server.db.prepare('UPDATE feeds SET icon_checked_at = NULL WHERE id = ?').run(feedId);
			await refreshIconIfStale(ctx, feedId, `http://${host}/page.html`, `http://${host}/icon.png`);
		}
		expect((await getFeed(server.store, feedId))!.icon_url).toBeNull();
		expect(totalHits()).toBe(0);
	});

	it('redirects into the private network are refused at every hop', async () => {
		// The policy lets this test's feed server (127.0.0.1) stand in for a public site; everything else private
		// stays refused. (So `localhost` is no test here: it resolves to that very address.)
		const policy = (address: string) => (address === '127.0.0.1' ? null : 'a private address');
		const port = new URL(feeds.url).port;
		for (const target of [
			`http://127.0.0.2:${port}/feed.rss`,
			`http://[::1]:${port}/feed.rss`,
			`http://0.0.0.0:${port}/feed.rss`,
			'http://169.254.169.254/latest/meta-data/'
		]) {
			const hop = `${feeds.url}/_/redirect-to?code=302&to=${encodeURIComponent(target)}`;
			const twoHops = `${feeds.url}/_/redirect-to?code=301&to=${encodeURIComponent(hop)}`;
			for (const start of [hop, twoHops]) {
				await expect(
					safeFetch(start, { allowPrivate: false, addressPolicy: policy, timeoutMs: 3000 }),
					target
				).rejects.toMatchObject({
					code: 'blocked_address'
				});
			}
		}
		expect(feeds.hits('/feed.rss')).toBe(0);
	});
});

describe('SSRF: IPv6 spellings that embed or stand for a private IPv4 address', () => {
	let feeds: FeedServer;
	beforeAll(async () => {
		feeds = await startFeedServer();
		feeds.setFeed('/feed.rss', RSS);
	});
	afterAll(() => feeds.close());

	// Issue 16, item 6. Old code: [::127.0.0.1] (parsed to [::7f00:1]) counted as public and a connection was tried.
	it.each([
		'[::127.0.0.1]',
		'[::7f00:1]',
		'[::a00:1]',
		'[::808:808]',
		'[::ffff:7f00:1]',
		'[::ffff:0:7f00:1]',
		'[2002:7f00:1::1]',
		'[2002:c0a8:101::1]',
		'[2001:0:4136:e378:8000:63bf:3fff:fdd2]',
		'[64:ff9b::7f00:1]',
		'[64:ff9b::a00:1]',
		'[64:ff9b:1::a00:1]',
		'[fec0::1]',
		'[100::1]'
	])('safeFetch refuses %s before connecting', async (host) => {
		const url = `http://${host}:${new URL(feeds.url).port}/feed.rss`;
		await expect(safeFetch(url, { allowPrivate: false, timeoutMs: 3000 })).rejects.toMatchObject({
			code: 'blocked_address'
		});
		expect(feeds.hits('/feed.rss')).toBe(0);
	});
});
