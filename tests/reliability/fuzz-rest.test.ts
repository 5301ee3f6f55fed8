import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupAdmin } from '../support/accounts';
import { call } from '../support/http';
import { startTestServer, type TestServer } from '../support/test-server';
import { integrityCheck } from './support/db-snapshot';
import {
	bodyVariants,
	encodeSegment,
	maybe,
	nastyString,
	pathSegment,
	sendChecked,
	type FuzzRequest
} from './support/fuzz';
import { addEntries } from './support/server-state';
import { fcParams } from './support/soak';

/**
 * Issue 8, item 4 (REST): generated parameters and bodies for the REST endpoints, OPML imports and search
 * queries. No 5xx but a genuine 503, errors in the contract's shape, and a rejected request changes nothing.
 * Nothing here may reach the network: every URL is on a private address, which the server refuses to fetch.
 */
const FTS_SYNTAX = ['"', '*', '(', ')', 'AND', 'OR', 'NOT', 'NEAR(', ':', '^', '-', '+', '{', '}', "'", '\\', '%', '_'];

describe('fuzzing the REST endpoints, OPML and search', () => {
	let server: TestServer;
	let token: string;
	const folderId = randomUUID();
	const subscriptionId = randomUUID();
	let entryIds: number[] = [];

	beforeAll(async () => {
		server = await startTestServer();
		token = (await setupAdmin(server)).token;
		const feedUrl = 'http://127.0.0.1:9/fuzz-feed.xml';
		await call(server.url, 'POST', '/api/sync/push', {
			token,
			body: {
				protocolVersion: 1,
				clientId: 'fuzz-rest-client',
				mutations: [
					{ id: 1, name: 'folder.create', args: { folderId, name: 'Fuzz', orderKey: 'a0' } },
					{ id: 2, name: 'subscription.create', args: { subscriptionId, url: feedUrl, folderId, orderKey: 'a0' } }
				]
			}
		});
		entryIds = await addEntries(server.store, feedUrl, 5, 'searchable');
	});
	afterAll(() => server.close());

	const check = (req: FuzzRequest) => sendChecked(server, token, req).then(() => undefined);
	const orderKey = fc.oneof(fc.constantFrom('a0', 'a1', 'Zz', 'a0V'), fc.string({ maxLength: 10 }));

	it('PATCH subscriptions and folders', async () => {
		const subscription = fc.tuple(
			pathSegment(fc.constant(subscriptionId), fc.uuid()),
			bodyVariants(
				fc.record(
					{
						folderId: maybe(fc.oneof(fc.constant(folderId), fc.constant(null), fc.uuid())),
						orderKey: maybe(orderKey),
						title: maybe(fc.oneof(fc.string({ maxLength: 50 }), fc.constant(null)))
					},
					{ requiredKeys: [] }
				)
			)
		);
		const folder = fc.tuple(
			pathSegment(fc.constant(folderId), fc.uuid()),
			bodyVariants(
				fc.record({ name: maybe(fc.string({ maxLength: 50 })), orderKey: maybe(orderKey) }, { requiredKeys: [] })
			)
		);
		const request = fc.oneof(
			subscription.map(([id, b]): FuzzRequest => ({ method: 'PATCH', path: `/api/subscriptions/${id}`, ...b })),
			folder.map(([id, b]): FuzzRequest => ({ method: 'PATCH', path: `/api/folders/${id}`, ...b }))
		);
		await fc.assert(fc.asyncProperty(request, check), fcParams(150, 3000));
	});

	it('refresh, extract and icons with any id', async () => {
		const request = fc.oneof(
			pathSegment(fc.constant(subscriptionId), fc.uuid()).map((id): FuzzRequest => ({
				method: 'POST',
				path: `/api/subscriptions/${id}/refresh`
			})),
			pathSegment(fc.constantFrom(...entryIds.map(String)), fc.integer().map(String)).map((id): FuzzRequest => ({
				method: 'POST',
				path: `/api/entries/${id}/extract`
			})),
			pathSegment(fc.integer().map(String)).map((id): FuzzRequest => ({ method: 'GET', path: `/api/icons/${id}` }))
		);
		await fc.assert(fc.asyncProperty(request, check), fcParams(60, 1000));
	});

	it('search queries, including FTS5 syntax', async () => {
		const word = fc.oneof(
			fc.constantFrom('searchable', 'entry', ...FTS_SYNTAX),
			nastyString,
			fc.string({ maxLength: 8 })
		);
		const query = fc
			.tuple(fc.array(word, { maxLength: 6 }), fc.constantFrom(' ', ''))
			.map(([words, joiner]) => words.join(joiner));
		const request = fc
			.tuple(query, fc.option(fc.oneof(fc.integer({ min: -5, max: 500 }).map(String), nastyString)), fc.boolean())
			.map(([q, limit, twice]): FuzzRequest => {
				let path = `/api/search?q=${encodeSegment(q)}`;
				if (twice) path += `&q=${encodeSegment(q)}`;
				if (limit !== null) path += `&limit=${encodeSegment(limit)}`;
				return { method: 'GET', path };
			});
		await fc.assert(
			fc.asyncProperty(request, async (req) => {
				const res = await sendChecked(server, token, req);
				if (res.status === 200) expect(Array.isArray((res.body as { results: unknown }).results)).toBe(true);
			}),
			fcParams(200, 5000)
		);
		const found = await call(server.url, 'GET', '/api/search?q=searchable', { token });
		expect(found.body.results.length).toBeGreaterThan(0);
	});

	it('OPML imports', async () => {
		const outline: fc.Arbitrary<string> = fc.letrec<{ outline: string }>((tie) => ({
			outline: fc.oneof(
				{ depthSize: 'small', withCrossShrink: true },
				fc
					.record({
						title: nastyString,
						xmlUrl: fc.oneof(
							fc.nat(50).map((n) => `http://127.0.0.1:9/opml-${n}.xml`),
							fc.constantFrom('javascript:alert(1)', 'file:///etc/passwd', '', 'not a url', 'http://[::1]/x')
						),
						type: fc.constantFrom('rss', 'atom', '', 'weird')
					})
					.map((o) => `<outline text="${xmlAttr(o.title)}" type="${o.type}" xmlUrl="${xmlAttr(o.xmlUrl)}"/>`),
				fc
					.tuple(nastyString, fc.array(tie('outline'), { maxLength: 4 }))
					.map(([title, children]) => `<outline text="${xmlAttr(title)}">${children.join('')}</outline>`)
			)
		})).outline;
		const document = fc.oneof(
			{
				weight: 5,
				arbitrary: fc
					.array(outline, { maxLength: 6 })
					.map((o) => `<?xml version="1.0"?><opml version="2.0"><head/><body>${o.join('')}</body></opml>`)
			},
			{ weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
			{
				weight: 1,
				arbitrary: fc.constantFrom(
					'<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><opml><body><outline text="&d;&d;&d;" xmlUrl="http://127.0.0.1:9/bomb.xml"/></body></opml>',
					'<?xml version="1.0"?><!DOCTYPE o [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml><body><outline text="&x;" xmlUrl="http://127.0.0.1:9/xxe.xml"/></body></opml>',
					'<opml><body><outline xmlUrl="http://127.0.0.1:9/unclosed.xml">',
					''
				)
			}
		);
		const request = fc.oneof(
			document.map((xml): FuzzRequest => ({
				method: 'POST',
				path: '/api/opml',
				rawBody: xml,
				headers: { 'Content-Type': 'text/x-opml' }
			})),
			document.map((xml): FuzzRequest => ({ method: 'POST', path: '/api/opml', body: { opml: xml } })),
			bodyVariants(fc.record({ opml: maybe(fc.string()) })).map((b): FuzzRequest => ({
				method: 'POST',
				path: '/api/opml',
				...b
			}))
		);
		await fc.assert(fc.asyncProperty(request, check), fcParams(80, 2000));
		const exported = await call(server.url, 'GET', '/api/opml', { token });
		expect(exported.status).toBe(200);
		expect(String(exported.body)).not.toContain('root:');
	});

	it('discovery with any body (private addresses only: nothing is fetched)', async () => {
		const url = fc.oneof(
			fc
				.tuple(
					fc.constantFrom('127.0.0.1:9', '[::1]', '10.1.2.3', '169.254.169.254'),
					fc.webPath(),
					fc.webQueryParameters()
				)
				.map(([host, path, query]) => `http://${host}${path}?${query}`),
			fc.constantFrom(
				'javascript:alert(1)',
				'file:///etc/passwd',
				'ftp://127.0.0.1/',
				'http://',
				'https://%%%',
				' ',
				''
			)
		);
		const request = bodyVariants(
			fc.record({ url: fc.oneof(url, fc.integer(), fc.constant(null)) }, { requiredKeys: [] })
		).map((b): FuzzRequest => ({ method: 'POST', path: '/api/discover', ...b }));
		await fc.assert(
			fc.asyncProperty(request, async (req) => {
				const res = await sendChecked(server, token, req);
				expect(res.status, JSON.stringify(req)).not.toBe(200);
			}),
			fcParams(80, 2000)
		);
		expect(integrityCheck(server.db)).toBe('ok');
	});
});

function xmlAttr(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
