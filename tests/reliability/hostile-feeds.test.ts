import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponseSchema, pushResponseSchema, type SyncEntry } from '#shared/sync';
import { setupAdmin } from '../support/accounts';
import { startFeedServer, type FeedServer } from '../support/feed-server';
import { call, type JsonResponse } from '../support/http';
import { startTestServer, type TestServer } from '../support/test-server';
import { expectHandled } from './support/responses';
import { dangerousParts, XSS_VECTORS } from './support/xss-corpus';

/**
 * Issue 8, item 5: feeds written to hurt. Scripts never survive the ingest sanitizer nor the app's DOMPurify
 * pass; XML bombs and external entities do nothing; huge, endless and looping answers end in bounded time and
 * memory; wrong charsets and absurd dates are absorbed; and the API keeps answering throughout (the event loop's
 * lag is measured and reported; only a generous bound is asserted). The app's pass runs in jsdom here; the
 * e2e suite runs it in Chromium.
 */
const DAY = 24 * 60 * 60 * 1000;

function rss(items: { title: string; link?: string; content?: string; description?: string; date?: string }[]): string {
	const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	const body = items
		.map(
			(item, i) => `<item><title>${escape(item.title)}</title><guid>g${i}</guid>
<link>${escape(item.link ?? `https://hostile.example/${i}`)}</link>
${item.date ? `<pubDate>${item.date}</pubDate>` : ''}
${item.description ? `<description>${escape(item.description)}</description>` : ''}
${item.content ? `<content:encoded><![CDATA[${item.content}]]></content:encoded>` : ''}</item>`
		)
		.join('\n');
	return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Hostile</title><link>https://hostile.example/</link>${body}</channel></rss>`;
}

describe('hostile feeds', () => {
	let server: TestServer;
	let feeds: FeedServer;
	let token: string;
	let nextId = 1;
	const lag = monitorEventLoopDelay({ resolution: 10 });
	const apiLatencies: number[] = [];
	let peakRss = 0;
	let baselineRss = 0;
	const answers = new Map<string, JsonResponse>();

	beforeAll(async () => {
		feeds = await startFeedServer();
		server = await startTestServer({ env: { ALLOW_PRIVATE_FEEDS: 'true' } });
		token = (await setupAdmin(server)).token;
		(globalThis as { window?: unknown }).window = new JSDOM('').window;
		feeds.setFeed('/xss.rss', xssFeed());
		feeds.setFeed('/dates.rss', datesFeed());
	});

	afterAll(async () => {
		delete (globalThis as { window?: unknown }).window;
		await server.close();
		await feeds.close();
	});

	/** Subscribes to a path of the feed server and refreshes it now; returns the refresh answer. */
	async function ingest(feedPath: string): Promise<JsonResponse> {
		const subscriptionId = randomUUID();
		const pushed = await call(server.url, 'POST', '/api/sync/push', {
			token,
			body: {
				protocolVersion: 1,
				clientId: 'hostile-client',
				mutations: [
					{
						id: nextId++,
						name: 'subscription.create',
						args: { subscriptionId, url: `${feeds.url}${feedPath}`, folderId: null, orderKey: 'a0' }
					}
				]
			}
		});
		expect(pushResponseSchema.parse(pushed.body).results[0]!.status).toBe('applied');
		const refreshed = await call(server.url, 'POST', `/api/subscriptions/${subscriptionId}/refresh`, { token });
		expectHandled(refreshed, feedPath);
		return refreshed;
	}

	/** Every entry a device would receive. */
	async function pulledEntries(): Promise<SyncEntry[]> {
		const entries: SyncEntry[] = [];
		let cookie: string | null = null;
		for (let page = 0; page < 100; page++) {
			const res = await call(server.url, 'POST', '/api/sync/pull', {
				token,
				body: { protocolVersion: 1, clientId: 'hostile-client', cookie }
			});
			const body = pullResponseSchema.parse(res.body);
			entries.push(...body.entries);
			cookie = body.cookie;
			if (!body.hasMore) break;
		}
		return entries;
	}

	const HOSTILE_PATHS = [
		'/_/slow?delayMs=1000&bytes=600',
		'/xss.rss',
		'/hostile/owasp-xss.rss',
		'/hostile/billion-laughs.xml',
		'/hostile/xxe.xml',
		'/_/huge?mb=100',
		'/_/loop/0',
		...['application/rss+xml; charset=utf-8', 'text/xml; charset=klingon', 'application/xml; charset=utf-16'].map(
			(type) => `/_/as/${encodeURIComponent(type)}/charset/windows-1251.rss`
		),
		'/dates.rss'
	];

	it('ingests them all at once while the API keeps answering, in bounded memory', { timeout: 120_000 }, async () => {
		baselineRss = process.memoryUsage().rss;
		const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
		lag.enable();
		let ingesting = true;
		// Someone else uses the API meanwhile, one request after another: every answer must come quickly.
		const probe = (async () => {
			while (ingesting) {
				const started = performance.now();
				expect((await call(server.url, 'GET', '/api/auth/me', { token })).status).toBe(200);
				apiLatencies.push(performance.now() - started);
			}
		})();
		const started = performance.now();
		try {
			await Promise.all(HOSTILE_PATHS.map(async (p) => answers.set(p, await ingest(p))));
		} finally {
			ingesting = false;
			await probe;
			lag.disable();
			clearInterval(sampler);
		}
		const ms = (ns: number) => (ns / 1e6).toFixed(0);
		console.info(
			`hostile feeds: ${HOSTILE_PATHS.length} ingested concurrently in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
				`event-loop lag p50 ${ms(lag.percentile(50))} ms, p99 ${ms(lag.percentile(99))} ms, max ${ms(lag.max)} ms; ` +
				`API latency max ${Math.max(...apiLatencies).toFixed(0)} ms over ${apiLatencies.length} calls; ` +
				`peak RSS +${((peakRss - baselineRss) / 2 ** 20).toFixed(0)} MiB`
		);
		// Generous on purpose: CI machines are slow and shared. The figures above are the report.
		expect(apiLatencies.length).toBeGreaterThan(10);
		expect(lag.max / 1e6).toBeLessThan(5_000);
		expect(Math.max(...apiLatencies)).toBeLessThan(5_000);
		expect(peakRss - baselineRss).toBeLessThan(400 * 2 ** 20);
	});

	it('ends the trickle with a timeout, the 100 MB answer at the size cap, and the loop at the redirect limit', () => {
		expect(JSON.stringify(answers.get(HOSTILE_PATHS[0]!)?.body)).toMatch(/time|within/i);
		expect(JSON.stringify(answers.get('/_/huge?mb=100')?.body)).toMatch(/large|size|bytes/i);
		expect(JSON.stringify(answers.get('/_/loop/0')?.body)).toMatch(/redirect/i);
	});

	it('lets no script survive the ingest sanitizer, nor then the app’s DOMPurify pass', async () => {
		const { sanitizeArticleHtml } = await import('../../src/lib/content/sanitize');
		const entries = (await pulledEntries()).filter((e) => /xss|hostile/.test(e.url ?? ''));
		expect(entries.length).toBeGreaterThanOrEqual(XSS_VECTORS.length);
		for (const entry of entries) {
			for (const html of [entry.content, entry.summary, entry.fullContent]) {
				if (!html) continue;
				expect(dangerousParts(html), `server output for ${entry.title}: ${html}`).toEqual([]);
				expect(dangerousParts(sanitizeArticleHtml(html)), `app output for ${entry.title}`).toEqual([]);
			}
			expect(entry.url ?? '', entry.title).not.toMatch(/^\s*javascript:/i);
		}
		// The app's pass alone also holds, for content that never went through the server.
		for (const vector of XSS_VECTORS) expect(dangerousParts(sanitizeArticleHtml(vector)), vector).toEqual([]);
	});

	it('expands neither billion laughs nor external entities', async () => {
		const passwd = fs.readFileSync('/etc/passwd', 'utf8').split('\n')[0]!;
		const text = JSON.stringify(await pulledEntries());
		expect(text).not.toContain(passwd);
		expect(text).not.toMatch(/(lol){50}/);
		expect(text).not.toContain('meta-data');
	});

	it('absorbs wrong charsets and absurd dates', async () => {
		const entries = await pulledEntries();
		const dated = entries.filter((e) => e.title.startsWith('dated '));
		expect(dated).toHaveLength(DATES.length);
		for (const entry of dated) {
			expect(Number.isFinite(entry.publishedAt), entry.title).toBe(true);
			expect(entry.publishedAt, entry.title).toBeGreaterThan(DAY);
			expect(entry.publishedAt, entry.title).toBeLessThanOrEqual(Date.now() + DAY);
		}
		for (const entry of entries) expect(entry.title, 'no NUL in titles').not.toContain('\u0000');
		const charsetAnswers = HOSTILE_PATHS.filter((p) => p.includes('charset')).map((p) => answers.get(p)!.status);
		expect(charsetAnswers).toEqual([200, 200, 200]);
	});
});

const DATES = [
	'Thu, 01 Jan 1970 00:00:00 GMT',
	'Fri, 01 Jan 2099 00:00:00 GMT',
	'yesterday-ish',
	'0001-01-01T00:00:00Z',
	'9999-12-31T23:59:59Z',
	'-1'
];

function datesFeed(): string {
	return rss(DATES.map((date, i) => ({ title: `dated ${i}`, date, content: '<p>x</p>' })));
}

function xssFeed(): string {
	return rss(
		XSS_VECTORS.map((vector, i) => ({
			title: `vector ${i} ${vector}`,
			link: i % 2 ? 'javascript:alert(1)' : `https://hostile.example/${i}`,
			content: `<p>before</p>${vector}<p>after</p>`,
			description: vector
		}))
	);
}
