import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server';
import {
	capyItem,
	capyItemIds,
	fluentStream,
	netNewsWireContents,
	netNewsWireItemIds,
	netNewsWireSubscriptions,
	netNewsWireTags,
	readYouClientLogin,
	readYouItem,
	readYouItemIds,
	readYouUnreadCount,
	readYouUserInfo
} from './client-schemas';
import { feedIdOf } from '../sync/feed-fixtures';
import { addEntries, marksOf, ReaderClient, readerUser, subscribe, type ReaderUser } from './reader-support';

/*
 * Each client's real requests, as its source sends them (paths, parameters, where they put them, how many ids),
 * and its decoder's view of the answers.
 */

const BIG = 'https://big.example.test/feed';
const SMALL = 'https://small.example.test/feed';
const READING_LIST = 'user/-/state/com.google/reading-list';
const READ = 'user/-/state/com.google/read';
const STARRED = 'user/-/state/com.google/starred';

let server: TestServer;
let user: ReaderUser;
let big: number[];
let small: number[];

beforeAll(async () => {
	server = await startTestServer();
	user = await readerUser(server, 'reader', true);
	await subscribe(user, BIG, { id: crypto.randomUUID(), name: 'Tech' });
	await subscribe(user, SMALL);
	big = await addEntries(server, BIG, 1200, 1_700_000_000_000);
	small = await addEntries(server, SMALL, 5, 1_800_000_000_000);
});
afterAll(() => server.close());

const token = async () => (await user.client.get('/reader/api/0/token')).text;
const form = (pairs: [string, string][]) => new URLSearchParams(pairs);

describe('NetNewsWire', () => {
	it('reads tags, subscriptions, unread and starred ids, then contents 150 ids at a time', async () => {
		netNewsWireTags.parse((await user.client.get('/reader/api/0/tag/list', 'output=json')).json);
		const subs = netNewsWireSubscriptions.parse(
			(await user.client.get('/reader/api/0/subscription/list', 'output=json')).json
		);
		expect(subs.subscriptions.map((s) => s.url).sort()).toEqual([BIG, SMALL].sort());

		const ids: string[] = [];
		let continuation: string | undefined;
		do {
			const query = `output=json&s=${READING_LIST}&n=1000&xt=${READ}${continuation ? `&c=${continuation}` : ''}`;
			const page = netNewsWireItemIds.parse((await user.client.get('/reader/api/0/stream/items/ids', query)).json);
			ids.push(...page.itemRefs.map((r) => r.id));
			continuation = page.continuation;
		} while (continuation);
		expect(ids).toHaveLength(1205);
		expect(new Set(ids).size).toBe(1205);

		const t = await token();
		const batch = ids.slice(0, 150);
		const body = form([['T', t], ...batch.map((id): [string, string] => ['i', id])]);
		const res = await user.client.post('/reader/api/0/stream/items/contents', body, 'output=json');
		const contents = netNewsWireContents.parse(res.json);
		expect(contents.items).toHaveLength(150);
		expect(contents.items.map((i) => BigInt(`0x${i.id.slice(-16)}`).toString())).toEqual(batch);
		// Newest crawl first; titles are plain text, not HTML.
		expect(contents.items[0]!.title).toBe('Entry 4 & <co>');
	});

	it('marks 1000 entries read in one edit-tag', async () => {
		const t = await token();
		const ids = big.slice(0, 1000);
		const body = form([['T', t], ...ids.map((id): [string, string] => ['i', String(id)]), ['a', READ]]);
		const res = await user.client.post('/reader/api/0/edit-tag', body);
		expect(res.status).toBe(200);
		expect(res.text).toBe('OK');
		const read = await marksOf(server, 'reader');
		expect(read.filter((m) => m.read === 1).map((m) => m.entry_id)).toEqual(ids);
	});
});

describe('Read You', () => {
	it('signs in and posts with output=json in the query, and syncs read items with s=…/read&ot=', async () => {
		const login = await new ReaderClient(server, null).post(
			'/accounts/ClientLogin',
			form([
				['Email', 'reader'],
				['Passwd', user.appPassword.password]
			]),
			'output=json'
		);
		expect(readYouClientLogin.parse(login.json).Auth).toBe(user.client.auth);
		readYouUserInfo.parse((await user.client.get('/reader/api/0/user-info', 'output=json')).json);
		readYouUnreadCount.parse((await user.client.get('/reader/api/0/unread-count', 'output=json')).json);

		const marked = await user.client.post(
			'/reader/api/0/edit-tag',
			form([
				['i', String(small[0])],
				['a', READ]
			]),
			'output=json'
		);
		expect(marked.text).toBe('OK');
		// Read entries crawled since the small feed's first one: exactly the one just marked.
		const query = `s=${READ}&ot=1800000000&n=1000&output=json`;
		const readIds = readYouItemIds.parse((await user.client.get('/reader/api/0/stream/items/ids', query)).json);
		expect(readIds.itemRefs.map((r) => r.id)).toEqual([String(small[0])]);
		const contents = await user.client.post(
			'/reader/api/0/stream/items/contents',
			form(readIds.itemRefs.map((r): [string, string] => ['i', r.id])),
			'output=json'
		);
		const [item] = (contents.json as { items: unknown[] }).items.map((i) => readYouItem.parse(i));
		expect(item!.categories).toEqual(expect.arrayContaining([READ, READING_LIST]));
	});
});

describe('Capy Reader', () => {
	it('asks for 10000 ids at once, and retries a write with a fresh token after a bad-token 401', async () => {
		const ids = capyItemIds.parse(
			(await user.client.get('/reader/api/0/stream/items/ids', `s=${READING_LIST}&n=10000`)).json
		);
		expect(ids.itemRefs).toHaveLength(1205);
		expect(ids.continuation).toBeUndefined();
		const contents = await user.client.post(
			'/reader/api/0/stream/items/contents',
			form([['i', ids.itemRefs.at(-1)!.id]])
		);
		const [item] = (contents.json as { items: unknown[] }).items;
		capyItem.parse(item);
		expect((item as { enclosure: unknown }).enclosure).toEqual([
			{ href: 'https://cdn.example.test/a.mp3', type: 'audio/mpeg', length: '123' }
		]);

		const star = (t: string) =>
			user.client.post(
				'/reader/api/0/edit-tag',
				form([
					['i', String(small[1])],
					['a', STARRED],
					['T', t]
				])
			);
		const stale = await star('token-from-yesterday');
		expect(stale.status).toBe(401);
		expect(stale.headers.get('x-reader-google-bad-token')).toBe('true');
		expect((await marksOf(server, 'reader')).some((m) => m.entry_id === small[1])).toBe(false);
		const retried = await star(await token());
		expect(retried.text).toBe('OK');
		const starred = capyItemIds.parse((await user.client.get('/reader/api/0/stream/items/ids', `s=${STARRED}`)).json);
		expect(starred.itemRefs.map((r) => r.id)).toEqual([String(small[1])]);
	});
});

describe('Fluent Reader', () => {
	it('reads stream/contents with n and no stream id (the reading list), and writes without a T', async () => {
		const page = fluentStream.parse((await user.client.get('/reader/api/0/stream/contents', 'output=json&n=125')).json);
		expect(page.items).toHaveLength(125);
		expect(page.items[0]!.origin.streamId).toMatch(/^feed\/\d+$/);
		expect(typeof page.continuation).toBe('string');
		const next = fluentStream.parse(
			(await user.client.get('/reader/api/0/stream/contents', `output=json&n=125&c=${page.continuation}`)).json
		);
		expect(next.items[0]!.id < page.items.at(-1)!.id).toBe(true);
		const res = await user.client.post(
			'/reader/api/0/edit-tag',
			form([
				['i', page.items[0]!.id],
				['r', READ]
			])
		);
		expect(res.text).toBe('OK');
	});
});

describe('newsboat', () => {
	it('marks read and unread with its a=/r= mixes of read and kept-unread', async () => {
		const guid = `tag:google.com,2005:reader/item/${small[2]!.toString(16).padStart(16, '0')}`;
		const t = await token();
		const readBody = `i=${guid}&a=user/-/state/com.google/read&r=user/-/state/com.google/kept-unread&ac=edit&T=${t}`;
		expect((await user.client.post('/reader/api/0/edit-tag', readBody)).text).toBe('OK');
		const stateOf = async () => (await marksOf(server, 'reader')).find((m) => m.entry_id === small[2]);
		expect((await stateOf())?.read).toBe(1);
		const unreadBody = `i=${guid}&r=user/-/state/com.google/read&a=user/-/state/com.google/kept-unread&a=user/-/state/com.google/tracking-kept-unread&ac=edit&T=${t}`;
		expect((await user.client.post('/reader/api/0/edit-tag', unreadBody)).text).toBe('OK');
		expect((await stateOf())?.read).toBe(0);

		const atom = await user.client.get(
			`/reader/atom/${encodeURIComponent(`feed/${await feedIdOf(server.store, SMALL)}`)}`,
			'n=20'
		);
		expect(atom.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
		const entry = atom.text.split('<entry ').find((e) => e.includes(`<id>${guid}</id>`))!;
		expect(entry).toContain('scheme="http://www.google.com/reader/" label="fresh"');
		expect(entry).not.toContain('label="read"');
		expect(entry).toContain('<title type="text">Entry 2 &amp; &lt;co&gt;</title>');
	});
});
