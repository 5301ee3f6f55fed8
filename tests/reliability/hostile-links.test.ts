import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushResponseSchema } from '#shared/sync';
import { setupAdmin } from '../support/accounts';
import { startFeedServer, type FeedServer } from '../support/feed-server';
import { call } from '../support/http';
import { startTestServer, type TestServer } from '../support/test-server';
import { expectHandled } from './support/responses';

/**
 * Issue 16, item 1: an entry's link and a feed's site link are stored only when they are http(s); anything else
 * (a script, a data: page) is stored as no link, in every format. The app checks again when it renders
 * (tests/app/components/reader.test.ts, and in Chromium tests/e2e/hostile-content.test.ts).
 */
const DANGEROUS = [
	'javascript:alert(1)',
	' JaVaScRiPt:alert(1)',
	'java\tscript:alert(1)',
	'vbscript:msgbox(1)',
	'data:text/html,<script>alert(1)</script>',
	'file:///etc/passwd'
];
const escape = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const formats: Record<string, { path: string; type: string; body: string }> = {
	rss: {
		path: '/links.rss',
		type: 'application/rss+xml',
		body: `<?xml version="1.0"?><rss version="2.0"><channel><title>R</title><link>${escape(DANGEROUS[0]!)}</link>${DANGEROUS.map(
			(link, i) => `<item><title>r${i}</title><guid>r${i}</guid><link>${escape(link)}</link></item>`
		).join('')}<item><title>ok</title><guid>rok</guid><link>https://site.example/ok</link></item></channel></rss>`
	},
	atom: {
		path: '/links.atom',
		type: 'application/atom+xml',
		body: `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id><updated>2024-01-01T00:00:00Z</updated><link rel="alternate" href="${escape(DANGEROUS[4]!)}"/>${DANGEROUS.map(
			(link, i) =>
				`<entry><title>a${i}</title><id>urn:a${i}</id><updated>2024-01-01T00:00:00Z</updated><link rel="alternate" href="${escape(link)}"/></entry>`
		).join(
			''
		)}<entry><title>ok</title><id>urn:aok</id><updated>2024-01-01T00:00:00Z</updated><link href="https://site.example/ok"/></entry></feed>`
	},
	json: {
		path: '/links.json',
		type: 'application/feed+json',
		body: JSON.stringify({
			version: 'https://jsonfeed.org/version/1.1',
			title: 'J',
			home_page_url: DANGEROUS[3],
			items: [
				...DANGEROUS.map((url, i) => ({ id: `j${i}`, title: `j${i}`, url, content_text: 'x' })),
				{ id: 'jok', title: 'ok', url: 'https://site.example/ok', content_text: 'x' }
			]
		})
	}
};

describe('entry and site links', () => {
	let server: TestServer;
	let feeds: FeedServer;
	let token: string;
	let nextId = 1;

	beforeAll(async () => {
		feeds = await startFeedServer();
		server = await startTestServer({ env: { ALLOW_PRIVATE_FEEDS: 'true' } });
		token = (await setupAdmin(server)).token;
	});
	afterAll(async () => {
		await server.close();
		await feeds.close();
	});

	it.each(Object.keys(formats))('%s: only http(s) links are stored', async (format) => {
		const { path, type, body } = formats[format]!;
		feeds.setFeed(path, body, type);
		const subscriptionId = randomUUID();
		const url = `${feeds.url}${path}`;
		const pushed = await call(server.url, 'POST', '/api/sync/push', {
			token,
			body: {
				protocolVersion: 1,
				clientId: 'links-client',
				mutations: [
					{ id: nextId++, name: 'subscription.create', args: { subscriptionId, url, folderId: null, orderKey: 'a0' } }
				]
			}
		});
		expect(pushResponseSchema.parse(pushed.body).results[0]!.status).toBe('applied');
		expectHandled(await call(server.url, 'POST', `/api/subscriptions/${subscriptionId}/refresh`, { token }));

		const feed = server.db.prepare('SELECT id, site_url FROM feeds WHERE url = ?').get(url) as {
			id: number;
			site_url: string | null;
		};
		expect(feed.site_url).toBeNull();
		const links = server.db.prepare('SELECT url FROM entries WHERE feed_id = ?').pluck().all(feed.id) as (
			string | null
		)[];
		expect(links).toHaveLength(DANGEROUS.length + 1);
		expect(links.filter((link) => link !== null)).toEqual(['https://site.example/ok']);
	});
});
