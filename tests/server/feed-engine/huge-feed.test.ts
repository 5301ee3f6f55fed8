import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParsePool } from '../../../server/feeds/refresh/parse-pool';
import { MAX_ENTRIES_PER_FETCH } from '../../../server/feeds/refresh/prepare-entries';
import { setupAdmin } from '../../support/accounts';
import { startFeedServer, type FeedServer } from '../../support/feed-server';
import { call } from '../../support/http';
import { startTestServer, type TestServer } from '../../support/test-server';

/**
 * Issue 16, item 7: a feed that lists a whole archive keeps only its newest entries, so one refresh never holds
 * (nor stores) tens of thousands of sanitized entries. The peak memory of the full scenario is in bench/big-feeds.ts.
 */
const ITEMS = 1500;
const DAY = 24 * 60 * 60 * 1000;

function archive(items: number, step = DAY): string {
	const start = Date.UTC(2020, 0, 1);
	// Shuffled dates: the newest are not simply the first or last items of the file.
	const order = Array.from({ length: items }, (_, i) => (i * 7919) % items);
	const body = order
		.map(
			(n) =>
				`<item><title>Story ${n}</title><guid>s${n}</guid><pubDate>${new Date(start + n * step).toUTCString()}</pubDate><description>text ${n}</description></item>`
		)
		.join('');
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>Archive</title><link>https://archive.example/</link>${body}</channel></rss>`;
}

describe('a huge feed', () => {
	let server: TestServer;
	let feeds: FeedServer;
	let token: string;
	beforeAll(async () => {
		feeds = await startFeedServer();
		server = await startTestServer({ env: { ALLOW_PRIVATE_FEEDS: 'true' } });
		token = (await setupAdmin(server)).token;
	});
	afterAll(async () => {
		await server.close();
		await feeds.close();
	});

	it(`keeps only its newest ${MAX_ENTRIES_PER_FETCH} entries`, async () => {
		feeds.setFeed('/archive.rss', archive(ITEMS));
		const subscriptionId = randomUUID();
		const url = `${feeds.url}/archive.rss`;
		await call(server.url, 'POST', '/api/sync/push', {
			token,
			body: {
				protocolVersion: 1,
				clientId: 'huge-client',
				mutations: [
					{ id: 1, name: 'subscription.create', args: { subscriptionId, url, folderId: null, orderKey: 'a0' } }
				]
			}
		});
		const refreshed = await call(server.url, 'POST', `/api/subscriptions/${subscriptionId}/refresh`, { token });
		expect(refreshed.status).toBe(200);
		const guids = (await server.store.all<{ guid: string }>('SELECT guid FROM entries')).map((e) => e.guid);
		expect(guids).toHaveLength(MAX_ENTRIES_PER_FETCH);
		const kept = new Set(guids);
		for (let n = ITEMS - MAX_ENTRIES_PER_FETCH; n < ITEMS; n++) expect(kept.has(`s${n}`)).toBe(true);
	});
});

describe('an archive of 80,000 items (9 MiB)', () => {
	const items = 80_000;
	let pool: ParsePool;
	afterAll(() => pool.close());

	it(`is read in a parse worker of 64 MB heap, its newest ${MAX_ENTRIES_PER_FETCH} kept whatever their order`, async () => {
		// Reading the whole document into a tree of elements first needed more than 96 MB of worker heap for it.
		pool = new ParsePool({ size: 1, maxQueued: 1, jobTimeoutMs: 120_000, idleMs: 60_000, heapLimitMb: 64 });
		const body = Buffer.from(archive(items, 60_000));
		expect(body.length).toBeGreaterThan(9 * 2 ** 20);
		const parsed = await pool.parse(body, { url: 'https://archive.example/feed', now: Date.UTC(2026, 0, 1) });
		expect(parsed.entries).toHaveLength(MAX_ENTRIES_PER_FETCH);
		const newest = Array.from({ length: MAX_ENTRIES_PER_FETCH }, (_, i) => `s${items - MAX_ENTRIES_PER_FETCH + i}`);
		expect(new Set(parsed.entries.map((entry) => entry.guid))).toEqual(new Set(newest));
	}, 120_000);
});
