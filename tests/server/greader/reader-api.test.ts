import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http';
import { TestDevice } from '../sync/sync-client';
import { startTestServer, type TestServer } from '../../support/test-server';
import { feedIdOf } from '../sync/feed-fixtures';
import { addEntries, marksOf, ReaderClient, readerUser, subscribe, type ReaderUser } from './reader-support';

const FEED = 'https://news.example.test/feed';
const OTHER = 'https://other.example.test/feed';
const long = (id: number) => `tag:google.com,2005:reader/item/${id.toString(16).padStart(16, '0')}`;

let server: TestServer;
let alice: ReaderUser;
let feedId: number;
let otherId: number;
let ids: number[];
let otherIds: number[];

beforeAll(async () => {
	server = await startTestServer();
	alice = await readerUser(server, 'alice', true);
	feedId = await subscribe(alice, FEED, { id: crypto.randomUUID(), name: 'News' });
	otherId = await subscribe(alice, OTHER);
	ids = await addEntries(server, FEED, 5, 1_700_000_000_000);
	otherIds = await addEntries(server, OTHER, 3, 1_700_000_100_000);
});
afterAll(() => server.close());

describe('where the Reader API answers', () => {
	it('answers under /api/greader and /api/greader.php, with doubled and trailing slashes in the prefix', async () => {
		for (const base of ['/api/greader', '/api/greader.php', '//api//greader/', '/api/greader.php//']) {
			const res = await new ReaderClient(server, alice.client.auth, base).get('/reader/api/0/user-info');
			expect(res.status, base).toBe(200);
			expect(res.json).toMatchObject({ userName: 'alice' });
		}
	});

	it('answers an unknown endpoint with a JSON 404, not the app', async () => {
		const res = await alice.client.get('/reader/api/0/nothing-here');
		expect(res.status).toBe(404);
		expect(res.json).toMatchObject({ error: { code: 'not_found' } });
	});
});

describe('signing in', () => {
	it('answers ClientLogin as text and as JSON, with a token of URL-safe characters, by POST and GET', async () => {
		const form = new URLSearchParams({ Email: 'alice', Passwd: alice.appPassword.password });
		const text = await new ReaderClient(server, null).post('/accounts/ClientLogin', form);
		expect(text.text).toMatch(/^SID=([A-Za-z0-9/_-]+)\nLSID=null\nAuth=\1\n$/);
		const json = await new ReaderClient(server, null).post('/accounts/ClientLogin', form, 'output=json');
		expect(json.json).toEqual({ SID: alice.client.auth, LSID: null, Auth: alice.client.auth });
		const viaGet = await new ReaderClient(server, null).get('/accounts/ClientLogin', form.toString());
		expect(viaGet.text).toContain(`Auth=${alice.client.auth}`);
	});

	it('reads the GoogleLogin scheme in any case; anything else is 401', async () => {
		const auth = alice.client.auth!;
		const answer = (Authorization: string) =>
			alice.client.request('GET', '/reader/api/0/user-info', { headers: { Authorization } });
		expect((await answer(`googlelogin auth=${auth}`)).status).toBe(200);
		expect((await answer(`GOOGLELOGIN   auth=${auth}`)).status).toBe(200);
		expect((await answer(`Bearer ${auth}`)).status).toBe(401);
		expect((await answer(`Bearer ${alice.token}`)).status).toBe(401);
		expect((await answer(`GoogleLogin auth=${alice.token}`)).status).toBe(401);
		expect((await new ReaderClient(server, null).get('/reader/api/0/user-info')).status).toBe(401);
	});

	it('checks T leniently: absent, empty, x or the real one pass; a wrong one is 401 with both bad-token headers', async () => {
		const t = (await alice.client.get('/reader/api/0/token')).text;
		expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
		for (const extra of ['', '&T=', '&T=x', `&T=${t}`]) {
			const res = await alice.client.post(
				'/reader/api/0/edit-tag',
				`i=${ids[0]}&a=user/-/state/com.google/like${extra}`
			);
			expect(res.status, extra).toBe(200);
		}
		const before = await marksOf(server, 'alice');
		const bad = await alice.client.post('/reader/api/0/edit-tag', `i=${ids[0]}&a=user/-/state/com.google/read&T=stale`);
		expect(bad.status).toBe(401);
		expect(bad.headers.get('x-reader-google-bad-token')).toBe('true');
		expect(bad.headers.get('google-bad-token')).toBe('true');
		expect(await marksOf(server, 'alice')).toEqual(before);
	});
});

describe('identifiers and streams', () => {
	it('lists item ids as decimal strings, newest crawl first, with a string continuation omitted on the last page', async () => {
		const first = await alice.client.get('/reader/api/0/stream/items/ids', `s=feed/${feedId}&n=3`);
		const page1 = first.json as { itemRefs: { id: string }[]; continuation?: string };
		expect(page1.itemRefs.map((r) => r.id)).toEqual([ids[4], ids[3], ids[2]].map(String));
		expect(typeof page1.continuation).toBe('string');
		const second = await alice.client.get(
			'/reader/api/0/stream/items/ids',
			`s=feed/${feedId}&n=3&c=${page1.continuation}`
		);
		const page2 = second.json as { itemRefs: { id: string }[]; continuation?: string };
		expect(page2.itemRefs.map((r) => r.id)).toEqual([ids[1], ids[0]].map(String));
		expect('continuation' in page2).toBe(false);
		const exact = await alice.client.get('/reader/api/0/stream/items/ids', `s=feed/${feedId}&n=5`);
		expect('continuation' in (exact.json as object)).toBe(false);
		const oldest = await alice.client.get('/reader/api/0/stream/items/ids', `s=feed/${feedId}&n=2&r=o`);
		expect((oldest.json as { itemRefs: { id: string }[] }).itemRefs.map((r) => r.id)).toEqual(
			[ids[0], ids[1]].map(String)
		);
	});

	it('filters ot and nt on the crawl time, not the published date', async () => {
		// Entry i of FEED was crawled at 1_700_000_000 + i seconds and published five seconds before.
		const res = await alice.client.get(
			'/reader/api/0/stream/items/ids',
			`s=feed/${feedId}&n=100&ot=1700000002&nt=1700000004`
		);
		expect((res.json as { itemRefs: { id: string }[] }).itemRefs.map((r) => r.id)).toEqual(
			[ids[3], ids[2]].map(String)
		);
	});

	it('accepts long padded, long unpadded, bare 16-hex and decimal item ids; emits the long form', async () => {
		const id = ids[2]!;
		const forms = [
			long(id),
			`tag:google.com,2005:reader/item/${id.toString(16)}`,
			id.toString(16).padStart(16, '0'),
			String(id)
		];
		for (const form of forms) {
			const res = await alice.client.post('/reader/api/0/stream/items/contents', new URLSearchParams({ i: form }));
			expect(
				(res.json as { items: { id: string }[] }).items.map((i) => i.id),
				form
			).toEqual([long(id)]);
		}
		const bad = await alice.client.post('/reader/api/0/stream/items/contents', 'i=not-an-id');
		expect(bad.status).toBe(400);
		expect(bad.json).toMatchObject({ error: { code: 'invalid_request' } });
	});

	it('makes the media proxy’s relative image URLs absolute, as native clients resolve them against the article', async () => {
		const [id] = await addEntries(server, OTHER, 1, 1_600_000_000_000);
		const html =
			'<img src="/api/media/s1/u1" srcset="/api/media/s2/u2 1x, /api/media/s3/u3 2x"><p>see /api/media/ docs</p>';
		await server.store.run('UPDATE entries SET content = ? WHERE id = ?', [html, id]);
		const res = await alice.client.post('/reader/api/0/stream/items/contents', `i=${id}`);
		const content = (res.json as { items: { summary: { content: string } }[] }).items[0]!.summary.content;
		const media = `${server.url}/api/media`;
		expect(content).toBe(
			`<img src="${media}/s1/u1" srcset="${media}/s2/u2 1x, ${media}/s3/u3 2x"><p>see /api/media/ docs</p>`
		);
		await server.store.run('DELETE FROM entries WHERE id = ?', [id]);
	});

	it('accepts any user segment in stream ids and always emits user/-/', async () => {
		const res = await alice.client.get('/reader/api/0/stream/contents/user/1234/label/News', 'n=1');
		const body = res.json as { items: { categories: string[] }[] };
		expect(res.status).toBe(200);
		expect(body.items[0]!.categories).toContain('user/-/label/News');
		expect(body.items[0]!.categories.every((c) => !c.startsWith('user/1'))).toBe(true);
		const encoded = await alice.client.get(`/reader/api/0/stream/contents/${encodeURIComponent(`feed/${otherId}`)}`);
		expect((encoded.json as { items: unknown[] }).items).toHaveLength(3);
	});

	it('answers an unknown stream with 400', async () => {
		for (const s of ['feed/999999', 'user/-/label/Nope', 'user/-/state/com.google/nonsense', 'garbage']) {
			const res = await alice.client.get('/reader/api/0/stream/items/ids', `s=${encodeURIComponent(s)}`);
			expect(res.status, s).toBe(400);
		}
	});
});

describe('changing state', () => {
	it('edit-tag marks read and starred, ignores other tags, answers exactly OK, and the change reaches a device', async () => {
		await alice.device.pullAll();
		const body = [
			`i=${long(otherIds[0]!)}`,
			`i=${otherIds[1]}`,
			'a=user/-/state/com.google/read',
			'a=user/-/state/com.google/starred',
			'a=user/-/state/com.google/tracking-kept-unread',
			'a=user/-/state/com.google/broadcast',
			'a=user/-/label/Whatever'
		].join('&');
		// A form body sent as text/plain, and output=json in the query: neither changes how it is read.
		const res = await alice.client.request('POST', '/reader/api/0/edit-tag', {
			body,
			query: 'output=json',
			headers: { 'Content-Type': 'text/plain' }
		});
		expect(res.status).toBe(200);
		expect(res.text).toBe('OK');
		expect(res.headers.get('content-type')).toMatch(/^text\/plain/);

		const pages = await alice.device.pullAll();
		const states = pages.flatMap((p) => p.entryStates);
		expect(states).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ entryId: otherIds[0], read: true, starred: true }),
				expect.objectContaining({ entryId: otherIds[1], read: true, starred: true })
			])
		);

		const read = await alice.client.get('/reader/api/0/stream/items/ids', 's=user/-/state/com.google/read&n=50');
		expect((read.json as { itemRefs: { id: string }[] }).itemRefs.map((r) => r.id)).toEqual(
			[otherIds[1], otherIds[0]].map(String)
		);
		const unread = await alice.client.get(
			'/reader/api/0/stream/items/ids',
			`s=feed/${otherId}&xt=user/-/state/com.google/read`
		);
		expect((unread.json as { itemRefs: { id: string }[] }).itemRefs.map((r) => r.id)).toEqual([String(otherIds[2])]);

		await alice.client.post(
			'/reader/api/0/edit-tag',
			`i=${otherIds[1]}&r=user/-/state/com.google/read&r=user/-/state/com.google/starred`
		);
		const contents = await alice.client.post(
			'/reader/api/0/stream/items/contents',
			`i=${otherIds[0]}&i=${otherIds[1]}`
		);
		const categories = (contents.json as { items: { categories: string[] }[] }).items.map((i) => i.categories);
		expect(categories[0]).toEqual(
			expect.arrayContaining(['user/-/state/com.google/read', 'user/-/state/com.google/starred'])
		);
		expect(categories[1]).not.toContain('user/-/state/com.google/read');
		expect(categories[1]).not.toContain('user/-/state/com.google/starred');
	});

	it('mark-all-as-read marks only what was crawled up to ts', async () => {
		const ts = (1_700_000_002_000 * 1000).toString();
		const res = await alice.client.post('/reader/api/0/mark-all-as-read', `s=feed/${feedId}&ts=${ts}`);
		expect(res.text).toBe('OK');
		const unread = await alice.client.get(
			'/reader/api/0/stream/items/ids',
			`s=feed/${feedId}&xt=user/-/state/com.google/read`
		);
		expect((unread.json as { itemRefs: { id: string }[] }).itemRefs.map((r) => r.id)).toEqual(
			[ids[4], ids[3]].map(String)
		);
		const counts = await alice.client.get('/reader/api/0/unread-count', 'output=json');
		expect((counts.json as { unreadcounts: { id: string; count: number }[] }).unreadcounts).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ id: `feed/${feedId}`, count: 2 }),
				expect.objectContaining({ id: 'user/-/label/News', count: 2 })
			])
		);
	});

	it('manages subscriptions and labels through the same mutations as the app', async () => {
		const post = (path: string, body: string) => alice.client.post(`/reader/api/0/${path}`, body);
		const url = 'https://new.example.test/rss';
		expect((await post('subscription/edit', `ac=subscribe&s=feed/${url}&a=user/-/label/Fresh&t=Brand new`)).text).toBe(
			'OK'
		);
		const list = async () =>
			(await alice.client.get('/reader/api/0/subscription/list')).json as {
				subscriptions: { id: string; title: string; url: string; categories: { id: string; label: string }[] }[];
			};
		const added = (await list()).subscriptions.find((s) => s.url === url)!;
		expect(added).toMatchObject({ title: 'Brand new', categories: [{ id: 'user/-/label/Fresh', label: 'Fresh' }] });

		expect((await post('rename-tag', 's=user/-/label/Fresh&dest=user/-/label/Renamed')).text).toBe('OK');
		expect((await list()).subscriptions.find((s) => s.url === url)!.categories).toEqual([
			{ id: 'user/-/label/Renamed', label: 'Renamed' }
		]);
		expect((await post('subscription/edit', `ac=edit&s=${added.id}&r=user/-/label/Renamed`)).text).toBe('OK');
		expect((await list()).subscriptions.find((s) => s.url === url)!.categories).toEqual([]);
		expect((await post('disable-tag', 's=user/-/label/Renamed')).text).toBe('OK');
		const tags = (await alice.client.get('/reader/api/0/tag/list')).json as { tags: { id: string }[] };
		expect(tags.tags.map((t) => t.id)).not.toContain('user/-/label/Renamed');

		expect((await post('subscription/edit', `ac=unsubscribe&s=${added.id}`)).text).toBe('OK');
		expect((await list()).subscriptions.some((s) => s.url === url)).toBe(false);

		const quick = await post(
			'subscription/quickadd',
			`quickadd=${encodeURIComponent('https://quick.example.test/feed')}`
		);
		expect(quick.json).toMatchObject({ numResults: 1, streamId: expect.stringMatching(/^feed\/\d+$/) });
		const opml = `<?xml version="1.0"?><opml version="2.0"><body><outline text="Imported"><outline text="I" xmlUrl="https://opml.example.test/feed"/></outline></body></opml>`;
		const imported = await alice.client.request('POST', '/reader/api/0/subscription/import', {
			body: opml,
			headers: { 'Content-Type': 'text/xml' }
		});
		expect(imported.text).toBe('OK');
		expect((await list()).subscriptions.find((s) => s.url === 'https://opml.example.test/feed')!.categories).toEqual([
			{ id: 'user/-/label/Imported', label: 'Imported' }
		]);

		// Everything the API did is what a device pulls.
		const pages = await new TestDevice(server, alice.token).pullAll();
		const urls = pages.flatMap((p) => p.subscriptions).map((s) => s.feedUrl);
		expect(urls).toEqual(expect.arrayContaining(['https://quick.example.test/feed', 'https://opml.example.test/feed']));
		expect(urls).not.toContain(url);
	});

	it('refuses a bad edit with a 400 and changes nothing', async () => {
		const before = await marksOf(server, 'alice');
		for (const body of ['a=user/-/state/com.google/read', `i=${ids[0]}&i=zzz&a=user/-/state/com.google/read`]) {
			const res = await alice.client.post('/reader/api/0/edit-tag', body);
			expect(res.status).toBe(400);
			expect(res.json).toMatchObject({ error: { code: 'invalid_request' } });
		}
		expect((await alice.client.post('/reader/api/0/mark-all-as-read', 's=user/-/label/Nope')).status).toBe(400);
		expect(await marksOf(server, 'alice')).toEqual(before);
	});
});

describe('two users', () => {
	it('never see or change each other’s entries, even when they know the ids', async () => {
		const bob = await readerUser(server, 'bob');
		const bobFeed = 'https://bob.example.test/feed';
		await subscribe(bob, bobFeed);
		const bobIds = await addEntries(server, bobFeed, 2);
		const aliceBefore = await marksOf(server, 'alice');

		const contents = await alice.client.post('/reader/api/0/stream/items/contents', `i=${bobIds[0]}&i=${bobIds[1]}`);
		expect((contents.json as { items: unknown[] }).items).toEqual([]);
		const edit = await alice.client.post('/reader/api/0/edit-tag', `i=${bobIds[0]}&a=user/-/state/com.google/read`);
		expect(edit.text).toBe('OK');
		expect(await marksOf(server, 'bob')).toEqual([]);
		const bobFeedId = await feedIdOf(server.store, bobFeed);
		expect((await alice.client.get('/reader/api/0/stream/items/ids', `s=feed/${bobFeedId}`)).status).toBe(400);

		const bobs = await bob.client.get('/reader/api/0/stream/items/ids', 'n=1000');
		expect((bobs.json as { itemRefs: { id: string }[] }).itemRefs.map((r) => r.id)).toEqual(
			[bobIds[1], bobIds[0]].map(String)
		);
		await bob.client.post('/reader/api/0/mark-all-as-read', 's=user/-/state/com.google/reading-list');
		expect(await marksOf(server, 'alice')).toEqual(aliceBefore);
		const web = await call(server.url, 'GET', '/api/app-passwords', { token: bob.token });
		expect(web.body.appPasswords).toHaveLength(1);
	});
});
