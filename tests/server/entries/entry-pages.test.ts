import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http';
import {
	pushMutation,
	rss,
	secondUser,
	startEngineWorld,
	subscribe,
	type EngineWorld,
	type TestItem
} from '../feed-engine/engine-support';

const day = (n: number) => Date.UTC(2025, 0, n);

interface Paged {
	id: number;
	feedId: number;
	title: string;
	publishedAt: number;
	read: boolean;
	starred: boolean;
	content: string | null;
}

describe('GET /api/entries', () => {
	let world: EngineWorld;
	let bob: string;
	let news: { subscriptionId: string; feedId: number };
	let blog: { subscriptionId: string; feedId: number };
	let bobs: { subscriptionId: string; feedId: number };
	const folderId = randomUUID();

	// Twelve entries, two of them published at the same moment, so the cursor must break ties by id.
	const newsItems: TestItem[] = Array.from({ length: 12 }, (_, n) => ({
		guid: `n${n}`,
		title: `News ${n}`,
		date: day(n === 7 ? 6 : n)
	}));

	beforeAll(async () => {
		world = await startEngineWorld();
		const site = world.feeds.url;
		world.feeds.setFeed('/news.xml', rss(site, 'News', newsItems));
		world.feeds.setFeed('/blog.xml', rss(site, 'Blog', [{ guid: 'b1', title: 'Blog post', date: day(3) }]));
		world.feeds.setFeed('/bob.xml', rss(site, 'Bob', [{ guid: 'x1', title: 'Bob only', date: day(2) }]));
		await pushMutation(world, world.token, 'folder.create', { folderId, name: 'Reading', orderKey: 'a0' });
		news = await subscribe(world, world.token, `${site}/news.xml`);
		blog = await subscribe(world, world.token, `${site}/blog.xml`, folderId);
		await world.engine.refreshNow(news.feedId);
		await world.engine.refreshNow(blog.feedId);
		bob = await secondUser(world);
		bobs = await subscribe(world, bob, `${site}/bob.xml`);
		await world.engine.refreshNow(bobs.feedId);
	});
	afterAll(() => world.close());

	const list = (query: string, token: string | undefined = world.token) =>
		call(world.server.url, 'GET', `/api/entries?${query}`, { token });

	/** Every page of a list, following `next`, with the size of each page. */
	async function allPages(query: string, token = world.token): Promise<{ entries: Paged[]; sizes: number[] }> {
		const entries: Paged[] = [];
		const sizes: number[] = [];
		let after = '';
		for (;;) {
			const res = await list(`${query}${after}`, token);
			expect(res.status, JSON.stringify(res.body)).toBe(200);
			entries.push(...res.body.entries);
			sizes.push(res.body.entries.length);
			if (res.body.next === null) return { entries, sizes };
			after = `&after=${encodeURIComponent(res.body.next)}`;
		}
	}

	const byDateNewest = (a: Paged, b: Paged) => b.publishedAt - a.publishedAt || b.id - a.id;

	it("pages a feed's entries newest first by keyset, each once, ties by id, with content and marks", async () => {
		const { entries, sizes } = await allPages(`scope=subscription&subscriptionId=${news.subscriptionId}&limit=5`);
		expect(sizes).toEqual([5, 5, 2]);
		expect(entries.map((e) => e.title).sort()).toEqual(newsItems.map((i) => i.title).sort());
		expect(entries).toEqual([...entries].sort(byDateNewest));
		expect(new Set(entries.map((e) => e.id)).size).toBe(12);
		expect(entries.every((e) => e.feedId === news.feedId && e.content?.includes(e.title))).toBe(true);
		expect(entries.every((e) => !e.read && !e.starred)).toBe(true);
	});

	it('pages oldest first too, the exact reverse', async () => {
		const newest = await allPages(`scope=subscription&subscriptionId=${news.subscriptionId}`);
		const oldest = await allPages(`scope=subscription&subscriptionId=${news.subscriptionId}&order=oldest&limit=4`);
		expect(oldest.sizes).toEqual([4, 4, 4]);
		expect(oldest.entries.map((e) => e.id)).toEqual(newest.entries.map((e) => e.id).reverse());
	});

	it("lists read entries unless asked for unread only, with the user's marks", async () => {
		const { entries } = await allPages(`scope=subscription&subscriptionId=${news.subscriptionId}`);
		const older = entries.slice(4).map((e) => e.id);
		await pushMutation(world, world.token, 'entry.setRead', { entryIds: older, read: true });
		await pushMutation(world, world.token, 'entry.setStarred', { entryId: older[0], starred: true });

		const every = await allPages(`scope=subscription&subscriptionId=${news.subscriptionId}&limit=3`);
		expect(every.entries.filter((e) => e.read).map((e) => e.id)).toEqual(older);
		expect(every.entries.filter((e) => e.starred).map((e) => e.id)).toEqual([older[0]]);
		const unread = await allPages(`scope=subscription&subscriptionId=${news.subscriptionId}&unreadOnly=true&limit=3`);
		expect(unread.entries.map((e) => e.id)).toEqual(entries.slice(0, 4).map((e) => e.id));
		const starred = await allPages('scope=starred');
		expect(starred.entries.map((e) => e.id)).toEqual([older[0]]);
	});

	it("lists a folder's feeds, and all the user's feeds, never another user's", async () => {
		const folder = await allPages(`scope=folder&folderId=${folderId}`);
		expect(folder.entries.map((e) => e.title)).toEqual(['Blog post']);
		const all = await allPages('scope=all&limit=7');
		expect(all.entries).toHaveLength(13);
		expect(all.entries).toEqual([...all.entries].sort(byDateNewest));
		expect(all.entries.some((e) => e.feedId === bobs.feedId)).toBe(false);

		const theirs = await allPages('scope=all', bob);
		expect(theirs.entries.map((e) => e.title)).toEqual(['Bob only']);
		// Bob's marks are his own: Alice's read entries are nothing to him, and he sees none of them anyway.
		expect(theirs.entries[0]!.read).toBe(false);
	});

	it("gives entries by id (search results), only those in the user's feeds", async () => {
		const { entries } = await allPages(`scope=subscription&subscriptionId=${news.subscriptionId}`);
		const bobsEntry = (await allPages('scope=all', bob)).entries[0]!.id;
		const wanted = [entries[3]!.id, entries[0]!.id, bobsEntry, 999_999];
		const res = await list(`scope=ids&ids=${wanted.join(',')}`);
		expect(res.status).toBe(200);
		expect(res.body.entries.map((e: Paged) => e.id)).toEqual([entries[0]!.id, entries[3]!.id]);
		expect(res.body.next).toBeNull();
		const theirs = await list(`scope=ids&ids=${wanted.join(',')}`, bob);
		expect(theirs.body.entries.map((e: Paged) => e.id)).toEqual([bobsEntry]);
	});

	it("answers 404 for a feed or folder that is not the user's, and sends nothing of it", async () => {
		const feed = await list(`scope=subscription&subscriptionId=${news.subscriptionId}`, bob);
		expect(feed.status).toBe(404);
		expect(feed.body.error.code).toBe('not_found');
		expect(feed.body.entries).toBeUndefined();
		const folder = await list(`scope=folder&folderId=${folderId}`, bob);
		expect(folder.status).toBe(404);
		expect((await list(`scope=subscription&subscriptionId=${randomUUID()}`)).status).toBe(404);
	});

	it('refuses bad input with 400 invalid_request and the issues, and needs a session', async () => {
		for (const query of [
			'',
			'scope=feeds',
			'scope=subscription',
			'scope=subscription&subscriptionId=42',
			'scope=folder&folderId=',
			'scope=all&limit=0',
			`scope=all&limit=201`,
			'scope=all&limit=ten',
			'scope=all&order=sideways',
			'scope=all&unreadOnly=maybe',
			'scope=all&after=12',
			'scope=all&after=abc:1',
			'scope=all&after=1:2&after=3:4',
			'scope=ids',
			'scope=ids&ids=',
			'scope=ids&ids=1,,2',
			'scope=ids&ids=0',
			'scope=ids&ids=-1',
			`scope=ids&ids=${Array.from({ length: 201 }, (_, n) => n + 1).join(',')}`
		]) {
			const res = await list(query);
			expect(res.status, query).toBe(400);
			expect(res.body.error.code, query).toBe('invalid_request');
			expect(res.body.error.details, query).toBeDefined();
		}
		const anonymous = await call(world.server.url, 'GET', '/api/entries?scope=all');
		expect(anonymous.status).toBe(401);
		expect(anonymous.body.error.code).toBe('unauthenticated');
	});
});
