import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgStore } from '../../../server/db/pg/pg-store';
import { search } from '../../../server/entries/search';
import { startFeedServer, type FeedServer } from '../../support/feed-server';
import { rss } from '../feed-engine/engine-support';
import { addSubscribedFeed, addUser, engineOn, migratedPgStores } from './pg-store-for-tests';

const day = (n: number) => Date.UTC(2026, 0, n);

/** PostgreSQL's side of search: the entries stored by a real refresh, searched through the one search function. */
describe('search on PostgreSQL (tsvector, websearch_to_tsquery)', () => {
	let store: PgStore;
	let feeds: FeedServer;
	let alice: number;
	let bob: number;

	beforeAll(async () => {
		feeds = await startFeedServer();
		store = (await migratedPgStores())[0]!;
		feeds.setFeed(
			'/alice.xml',
			rss(feeds.url, 'Alice reads', [
				{ guid: 'k1', title: 'Kubernetes in production', content: '<p>Running clusters at scale.</p>', date: day(1) },
				{
					guid: 'k2',
					title: 'Weekly notes',
					content: '<p>Some words about kubernetes, among others.</p>',
					date: day(2)
				},
				{ guid: 'k3', title: 'Gardening', content: '<p>Tomatoes &lt;script&gt; and basil.</p>', date: day(3) },
				{ guid: 'k4', title: 'Café crème', content: '<p>Élan.</p>', date: day(4) }
			])
		);
		feeds.setFeed('/bob.xml', rss(feeds.url, 'Bob reads', [{ guid: 'b1', title: 'Kubernetes secrets of Bob' }]));
		alice = await addUser(store, 'alice');
		bob = await addUser(store, 'bob');
		await addSubscribedFeed(store, alice, `${feeds.url}/alice.xml`);
		await addSubscribedFeed(store, bob, `${feeds.url}/bob.xml`);
		const engine = engineOn(store, () => day(4));
		await engine.runDue();
		await engine.stop();
	});
	afterAll(async () => {
		await store.close();
		await feeds.close();
	});

	const titles = async (userId: number, q: string, limit = 20) =>
		(await search(store, userId, q, limit)).map((r) => r.titleHtml);

	it("ranks the user's matching entries, title matches first, with highlighted snippets", async () => {
		expect(await titles(alice, 'kubernetes')).toEqual(['<mark>Kubernetes</mark> in production', 'Weekly notes']);
		const [, notes] = await search(store, alice, 'kubernetes', 20);
		expect(notes!.snippetHtml).toContain('<mark>kubernetes</mark>');
	});

	it("never returns another user's entries", async () => {
		expect(await titles(alice, 'bob secrets')).toEqual([]);
		expect(await titles(bob, 'kubernetes')).toEqual(['<mark>Kubernetes</mark> secrets of Bob']);
	});

	it('finds and shows the words after a literal <script> in the text, escaped', async () => {
		const [hit] = await search(store, alice, 'basil', 20);
		expect(hit!.snippetHtml).toContain('&lt;script&gt; and <mark>basil</mark>');
		expect((await search(store, alice, 'tomatoes', 20))[0]!.snippetHtml).toContain(
			'<mark>Tomatoes</mark> &lt;script&gt;'
		);
	});

	it('matches words without their accents, as FTS5 does', async () => {
		expect(await titles(alice, 'cafe')).toEqual(['<mark>Café</mark> crème']);
		expect(await titles(alice, 'CRÈME élan')).toEqual(['Café <mark>crème</mark>']);
		expect(await titles(alice, 'cre*')).toEqual(['Café <mark>crème</mark>']);
	});

	it('a trailing * searches by prefix; the limit holds', async () => {
		expect(await titles(alice, 'kube*')).toHaveLength(2);
		expect(await titles(alice, 'kube* product*')).toEqual(['<mark>Kubernetes</mark> in <mark>production</mark>']);
		expect(await titles(alice, 'kube*', 1)).toHaveLength(1);
	});

	it('query syntax is searched as words, never an error', async () => {
		for (const q of [
			'"unbalanced',
			'AND OR NOT',
			'title:(x',
			'NEAR(a b',
			'*',
			'^-+',
			'a\u0000b',
			"it's*",
			'!kube',
			'a & b | c'
		]) {
			await expect(search(store, alice, q, 20), q).resolves.toBeInstanceOf(Array);
		}
		expect(await titles(alice, '-kubernetes')).toEqual(['<mark>Kubernetes</mark> in production', 'Weekly notes']);
	});
});
