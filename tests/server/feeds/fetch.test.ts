import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../../server/feeds/fetch/fetch-feed';
import { parseFeed } from '../../../server/feeds/parse/parse-feed';
import { blockedReason } from '../../../server/feeds/fetch/address-guard';
import { FetchError, safeFetch, USER_AGENT, type LookupFunction } from '../../../server/feeds/fetch/safe-fetch';
import { startFeedServer, type FeedServer } from '../../support/feed-server';

let feeds: FeedServer;
beforeAll(async () => {
	feeds = await startFeedServer();
});
afterAll(() => feeds.close());

const open = { allowPrivate: true };
const none = { etag: null, lastModified: null, bodyHash: null };

async function failure(promise: Promise<unknown>): Promise<FetchError> {
	const err = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(err).toBeInstanceOf(FetchError);
	return err as FetchError;
}

/** A DNS answer every name gets, whatever it is: how a public-looking name that points inside is simulated. */
function resolvesTo(address: string, family: 4 | 6 = 4): LookupFunction {
	return (_host, options, callback) => {
		if (options.all) callback(null, [{ address, family } satisfies LookupAddress]);
		else callback(null, address, family);
	};
}

describe('safeFetch SSRF guard', () => {
	const guarded = { allowPrivate: false };

	it.each([
		['http://127.0.0.1:9/feed', 'loopback'],
		['http://[::1]:9/feed', 'loopback'],
		['http://10.1.2.3/feed', 'private'],
		['http://192.168.1.1/feed', 'private'],
		['http://172.16.0.1/feed', 'private'],
		['http://100.64.0.1/feed', 'private'],
		['http://169.254.169.254/latest/meta-data/', 'link-local'],
		['http://0.0.0.0/', 'unspecified'],
		['http://[::ffff:127.0.0.1]/', 'loopback'],
		['http://[fd00::1]/', 'private'],
		['http://[fe80::1]/', 'link-local'],
		['http://224.0.0.1/', 'multicast'],
		['http://2130706433/', 'loopback']
	])('refuses the literal address in %s', async (url, kind) => {
		const err = await failure(safeFetch(url, guarded));
		expect(err.code).toBe('blocked_address');
		expect(err.message).toMatch(/^refused: /);
		expect(err.message).toContain(kind);
	});

	it('refuses localhost, which resolves to loopback', async () => {
		const err = await failure(safeFetch(`http://localhost:${new URL(feeds.url).port}/formats/rss-2.0.rss`, guarded));
		expect(err.code).toBe('blocked_address');
		expect(err.message).toContain('localhost resolves to a loopback address');
		expect(feeds.hits('/formats/rss-2.0.rss')).toBe(0);
	});

	it('refuses a public-looking name that resolves to a private or metadata address', async () => {
		for (const [address, family] of [
			['10.0.0.7', 4],
			['169.254.169.254', 4],
			['fd12::1', 6]
		] as const) {
			const err = await failure(
				safeFetch('http://feeds.example.com/rss', { ...guarded, lookup: resolvesTo(address, family) })
			);
			expect(err.code).toBe('blocked_address');
			expect(err.message).toContain(`feeds.example.com resolves to`);
		}
	});

	it('checks the address actually connected to, not only what the lookup said', async () => {
		// A rebinding DNS answers a public address to the check and a private one to the connection; simulated
		// by a policy that passes the first question (the lookup) and refuses the second (the connected peer).
		let questions = 0;
		const rebinding = (address: string) => (++questions === 1 ? null : `a private address (${address})`);
		const err = await failure(
			safeFetch(`http://rebind.example:${new URL(feeds.url).port}/formats/rss-2.0.rss`, {
				...guarded,
				lookup: resolvesTo('127.0.0.1'),
				addressPolicy: rebinding
			})
		);
		expect(err.code).toBe('blocked_address');
		expect(questions).toBe(2);
		expect(feeds.hits('/formats/rss-2.0.rss')).toBe(0);
	});

	it('refuses a redirect from an allowed server to a private address', async () => {
		// The feed server is on loopback: this policy lets exactly 127.0.0.1 in, the default judges the rest.
		const onlyFeedServer = (address: string) => (address === '127.0.0.1' ? null : blockedReason(address));
		const ok = await safeFetch(`${feeds.url}/formats/rss-2.0.rss`, { ...guarded, addressPolicy: onlyFeedServer });
		expect(ok.status).toBe(200);
		for (const target of ['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://[::1]/']) {
			const err = await failure(
				safeFetch(`${feeds.url}/_/redirect-to?code=302&to=${encodeURIComponent(target)}`, {
					...guarded,
					addressPolicy: onlyFeedServer
				})
			);
			expect(err.code).toBe('blocked_address');
		}
		// A name that resolves privately, reached by redirect, is refused at the lookup too.
		const err = await failure(
			safeFetch(`${feeds.url}/_/redirect-to?code=301&to=${encodeURIComponent('http://internal.example/')}`, {
				...guarded,
				addressPolicy: onlyFeedServer,
				lookup: (host, options, callback) =>
					host === 'internal.example'
						? resolvesTo('192.168.0.10')(host, options, callback)
						: resolvesTo('127.0.0.1')(host, options, callback)
			})
		);
		expect(err.message).toBe('refused: internal.example resolves to a private address (192.168.0.10)');
	});

	it('refuses schemes other than http and https', async () => {
		for (const url of [
			'file:///etc/passwd',
			'ftp://example.com/feed',
			'gopher://example.com/',
			'data:text/xml,<rss/>'
		]) {
			const err = await failure(safeFetch(url, { allowPrivate: true }));
			expect(err.code).toBe('bad_scheme');
		}
	});

	it('refuses a redirect to another scheme', async () => {
		const err = await failure(
			safeFetch(`${feeds.url}/_/redirect-to?code=301&to=${encodeURIComponent('file:///etc/passwd')}`, open)
		);
		expect(err.code).toBe('bad_scheme');
	});
});

describe('safeFetch against the local feed server', () => {
	it('sends the User-Agent and accepts compressed transfer, which it decodes', async () => {
		const plain = await safeFetch(`${feeds.url}/formats/rss-2.0.rss`, open);
		for (const encoding of ['gzip', 'br']) {
			const response = await safeFetch(`${feeds.url}/_/${encoding}/formats/rss-2.0.rss`, open);
			expect(response.body.equals(plain.body)).toBe(true);
			expect(feeds.lastRequest(`/_/${encoding}/formats/rss-2.0.rss`)?.['accept-encoding']).toMatch(/gzip.*deflate.*br/);
		}
		expect(feeds.lastRequest('/formats/rss-2.0.rss')?.['user-agent']).toBe(USER_AGENT);
		await safeFetch(`${feeds.url}/formats/atom-1.0.atom`, {
			...open,
			headers: { accept: 'text/html', 'If-None-Match': '"x"' }
		});
		expect(feeds.lastRequest('/formats/atom-1.0.atom')).toMatchObject({ accept: 'text/html', 'if-none-match': '"x"' });
	});

	it('follows redirects, telling permanent from temporary', async () => {
		const permanent = await safeFetch(`${feeds.url}/_/redirect/301/_/redirect/308/formats/rss-2.0.rss`, open);
		expect(permanent).toMatchObject({
			status: 200,
			redirects: 2,
			permanentRedirect: true,
			url: `${feeds.url}/formats/rss-2.0.rss`
		});
		const mixed = await safeFetch(`${feeds.url}/_/redirect/301/_/redirect/302/formats/rss-2.0.rss`, open);
		expect(mixed).toMatchObject({ status: 200, redirects: 2, permanentRedirect: false });
		const none = await safeFetch(`${feeds.url}/formats/rss-2.0.rss`, open);
		expect(none).toMatchObject({ redirects: 0, permanentRedirect: false });
	});

	it('stops a redirect loop after 5 redirects', async () => {
		const err = await failure(safeFetch(`${feeds.url}/_/loop/0`, open));
		expect(err.code).toBe('too_many_redirects');
		expect(feeds.hits('/_/loop/5')).toBe(1);
		expect(feeds.hits('/_/loop/6')).toBe(0);
	});

	it('aborts a 50 MB body at the 10 MiB cap, stopping the download', async () => {
		const err = await failure(safeFetch(`${feeds.url}/_/huge?mb=50`, open));
		expect(err.code).toBe('too_large');
		expect(err.message).toContain('10 MiB');
		// The server could write only what the client read plus socket buffers: far from 50 MB.
		await new Promise((resolve) => setImmediate(resolve));
		expect(feeds.hugeBytesSent()).toBeLessThan(20 * 1024 * 1024);
	});

	it('applies a smaller cap when asked', async () => {
		const err = await failure(safeFetch(`${feeds.url}/formats/rss-2.0.rss`, { ...open, maxBytes: 100 }));
		expect(err.code).toBe('too_large');
	});

	it('gives up on a trickling answer at the timeout', async () => {
		const err = await failure(safeFetch(`${feeds.url}/_/slow?delayMs=50&bytes=1000`, { ...open, timeoutMs: 300 }));
		expect(err.code).toBe('timeout');
		expect(err.message).toContain('within 0.3 s');
	});

	it('throws an http error for 4xx and 5xx unless asked to accept them', async () => {
		const err = await failure(safeFetch(`${feeds.url}/_/status/404`, open));
		expect(err).toMatchObject({ code: 'http', status: 404 });
		const accepted = await safeFetch(`${feeds.url}/_/status/500`, { ...open, acceptErrorStatus: true });
		expect(accepted.status).toBe(500);
	});

	it('reports a refused connection as a network error', async () => {
		const closed = await startFeedServer();
		const url = closed.url;
		await closed.close();
		const err = await failure(safeFetch(`${url}/x`, open));
		expect(err.code).toBe('network');
		expect(err.message).toContain('refused the connection');
	});
});

describe('fetchFeed', () => {
	it('does a conditional GET: 200 with validators, then 304', async () => {
		const first = await fetchFeed(`${feeds.url}/formats/atom-1.0.atom`, none, open);
		if (first.kind !== 'ok') throw new Error(`expected ok, got ${first.kind}`);
		expect(first.etag).toBeTruthy();
		expect(first.lastModified).toBeTruthy();
		expect(first.contentType).toBe('application/atom+xml');
		expect(first.unchanged).toBe(false);
		const second = await fetchFeed(
			`${feeds.url}/formats/atom-1.0.atom`,
			{ etag: first.etag, lastModified: first.lastModified, bodyHash: first.bodyHash },
			open
		);
		expect(second).toMatchObject({ kind: 'not_modified', status: 304 });
		const byDate = await fetchFeed(
			`${feeds.url}/formats/atom-1.0.atom`,
			{ ...none, lastModified: first.lastModified },
			open
		);
		expect(byDate.kind).toBe('not_modified');
	});

	it('fetches again after the feed changes, and reports an identical body as unchanged', async () => {
		feeds.setFeed('/live.xml', '<rss version="2.0"><channel><title>v1</title></channel></rss>');
		const first = await fetchFeed(`${feeds.url}/live.xml`, none, open);
		if (first.kind !== 'ok') throw new Error('expected ok');
		feeds.setFeed('/live.xml', '<rss version="2.0"><channel><title>v2</title></channel></rss>');
		const changed = await fetchFeed(
			`${feeds.url}/live.xml`,
			{ etag: first.etag, lastModified: first.lastModified, bodyHash: first.bodyHash },
			open
		);
		expect(changed).toMatchObject({ kind: 'ok', unchanged: false });
		if (changed.kind !== 'ok') throw new Error('expected ok');
		expect(changed.body.toString()).toContain('v2');
		// A server without validators that sends the same bytes again.
		const same = await fetchFeed(`${feeds.url}/live.xml`, { ...none, bodyHash: changed.bodyHash }, open);
		expect(same).toMatchObject({ kind: 'ok', unchanged: true });
	});

	it('reports the final URL and a permanent redirect', async () => {
		const outcome = await fetchFeed(`${feeds.url}/_/redirect/308/formats/rss-2.0.rss`, none, open);
		expect(outcome).toMatchObject({
			kind: 'ok',
			permanentRedirect: true,
			finalUrl: `${feeds.url}/formats/rss-2.0.rss`
		});
	});

	it('turns 410 into gone, other errors into an error with the status, and honours Retry-After', async () => {
		const now = 1_700_000_000_000;
		expect(await fetchFeed(`${feeds.url}/_/status/410`, none, { ...open, now })).toMatchObject({
			kind: 'error',
			status: 410,
			gone: true
		});
		expect(await fetchFeed(`${feeds.url}/_/status/404`, none, { ...open, now })).toMatchObject({
			kind: 'error',
			status: 404,
			gone: false
		});
		expect(await fetchFeed(`${feeds.url}/_/status/503?retryAfter=120`, none, { ...open, now })).toMatchObject({
			kind: 'error',
			status: 503,
			notBefore: now + 120_000
		});
		const date = new Date(now + 3_600_000).toUTCString();
		expect(
			await fetchFeed(`${feeds.url}/_/status/429?retryAfter=${encodeURIComponent(date)}`, none, { ...open, now })
		).toMatchObject({
			status: 429,
			notBefore: now + 3_600_000
		});
	});

	it('hands over the Content-Type so a charset only the server names is read right', async () => {
		const contentType = encodeURIComponent('text/xml; charset=windows-1251');
		const outcome = await fetchFeed(
			`${feeds.url}/_/as/${contentType}/charset/windows-1251-no-declaration.rss`,
			none,
			open
		);
		if (outcome.kind !== 'ok') throw new Error('expected ok');
		expect(outcome.contentType).toBe('text/xml; charset=windows-1251');
		const feed = parseFeed(outcome.body, { url: outcome.finalUrl, contentType: outcome.contentType, now: Date.now() });
		expect(feed.title).toBe('Новости дня');
		// A wrong charset=utf-8 from the server loses to the feed's own declaration.
		const wrong = await fetchFeed(
			`${feeds.url}/_/as/${encodeURIComponent('application/rss+xml; charset=utf-8')}/charset/windows-1251.rss`,
			none,
			open
		);
		if (wrong.kind !== 'ok') throw new Error('expected ok');
		expect(parseFeed(wrong.body, { url: wrong.finalUrl, contentType: wrong.contentType, now: Date.now() }).title).toBe(
			'Новости дня'
		);
	});

	it('turns Cache-Control max-age into notBefore', async () => {
		const now = 1_700_000_000_000;
		const outcome = await fetchFeed(`${feeds.url}/_/maxage/900/formats/rss-2.0.rss`, none, { ...open, now });
		expect(outcome).toMatchObject({ kind: 'ok', notBefore: now + 900_000 });
	});

	it('turns guard refusals, timeouts and network failures into error outcomes', async () => {
		expect(await fetchFeed(`${feeds.url}/formats/rss-2.0.rss`, none, { allowPrivate: false })).toMatchObject({
			kind: 'error',
			status: null,
			gone: false,
			message: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback address/)
		});
		expect(
			await fetchFeed(`${feeds.url}/_/slow?delayMs=50&bytes=100`, none, { ...open, timeoutMs: 200 })
		).toMatchObject({
			kind: 'error',
			message: expect.stringContaining('no complete answer')
		});
	});
});
