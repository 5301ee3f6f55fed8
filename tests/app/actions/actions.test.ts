import { liveQuery } from 'dexie';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
	createFolder,
	deleteFolder,
	markAllRead,
	moveFolder,
	moveSubscription,
	renameFolder,
	renameSubscription,
	setRead,
	setStarred,
	subscribe,
	unsubscribe,
	updateSettings
} from '../../../src/lib/actions';
import type { TidingsDb } from '../../../src/lib/db/database';
import { foldersInOrder, subscriptionsIn } from '../../../src/lib/db/lists';
import { getMeta } from '../../../src/lib/db/meta';
import { starredTotal, unreadTotal } from '../../../src/lib/db/unread-counts';
import { freshDb, makeEntry, makeSubscription } from '../db/fresh-db';

const S1 = '00000000-0000-4000-8000-000000000001';
const S2 = '00000000-0000-4000-8000-000000000002';
const S3 = '00000000-0000-4000-8000-000000000003';

let db: TidingsDb;
let writes: number;

beforeEach(async () => {
	db = await freshDb();
	writes = 0;
	db.onLocalWrite(() => writes++);
});

async function outbox() {
	return (await db.outbox.orderBy('id').toArray()).map(({ id, name, args }) => ({ id, name, args }));
}

describe('entry actions', () => {
	beforeEach(async () => {
		await db.subscriptions.bulkPut([
			makeSubscription(S1, 10, crypto.randomUUID(), 'a0'),
			makeSubscription(S2, 20, null, 'a0')
		]);
		await db.entries.bulkPut([makeEntry(1, 10), makeEntry(2, 10), makeEntry(3, 20), makeEntry(4, 20)]);
	});

	it('setRead changes the entries and queues one mutation with the next id', async () => {
		await setRead(db, [1, 3, 3], true);
		expect((await db.entries.bulkGet([1, 2, 3])).map((e) => e?.read)).toEqual([1, 0, 1]);
		expect(await outbox()).toEqual([{ id: 1, name: 'entry.setRead', args: { entryIds: [1, 3], read: true } }]);
		await setRead(db, [1], false);
		expect((await db.entries.get(1))?.read).toBe(0);
		expect((await outbox()).map((m) => m.id)).toEqual([1, 2]);
		expect(writes).toBe(2);
	});

	it('setRead splits more than 1000 ids into several mutations of one transaction', async () => {
		const ids = Array.from({ length: 2500 }, (_, i) => i + 100);
		await setRead(db, ids, true);
		const queued = await outbox();
		expect(queued.map((m) => (m.args as { entryIds: number[] }).entryIds.length)).toEqual([1000, 1000, 500]);
		expect(writes).toBe(1);
	});

	it('setStarred stores 1 on the entry; unstarring removes the flag, and the entry from the Starred index', async () => {
		await setStarred(db, 2, true);
		expect((await db.entries.get(2))?.starred).toBe(1);
		expect(await outbox()).toEqual([{ id: 1, name: 'entry.setStarred', args: { entryId: 2, starred: true } }]);
		expect(await starredTotal(db)).toBe(1);
		await setStarred(db, 2, false);
		expect(await db.entries.get(2)).not.toHaveProperty('starred');
		expect(await starredTotal(db)).toBe(0);
	});

	it('markAllRead is bounded by the highest entry id stored in its scope, and by the feeds in it', async () => {
		await markAllRead(db, { kind: 'subscription', subscriptionId: S1 });
		expect(await outbox()).toEqual([
			{
				id: 1,
				name: 'entry.markAllRead',
				args: { scope: { kind: 'subscription', subscriptionId: S1 }, upTo: 2, feedIds: [10] }
			}
		]);
		expect((await db.entries.toArray()).map((e) => e.read)).toEqual([1, 1, 0, 0]);
		await markAllRead(db, { kind: 'all' });
		expect((await outbox())[1]?.args).toEqual({ scope: { kind: 'all' }, upTo: 4, feedIds: [10, 20] });
		expect((await db.entries.toArray()).every((e) => e.read === 1)).toBe(true);
	});

	it('markAllRead on an empty scope queues nothing', async () => {
		await markAllRead(db, { kind: 'folder', folderId: crypto.randomUUID() });
		expect(await outbox()).toEqual([]);
		expect(writes).toBe(0);
	});
});

describe('folder actions', () => {
	it('create, rename, move and delete, each one mutation', async () => {
		const a = await createFolder(db, 'A');
		const b = await createFolder(db, 'B');
		const c = await createFolder(db, 'C');
		expect((await foldersInOrder(db)).map((f) => f.name)).toEqual(['A', 'B', 'C']);
		await moveFolder(db, c, 0);
		expect((await foldersInOrder(db)).map((f) => f.name)).toEqual(['C', 'A', 'B']);
		await renameFolder(db, a, 'Alpha');
		expect((await db.folders.get(a))?.name).toBe('Alpha');
		await db.subscriptions.put(makeSubscription(S1, 10, b, 'a0'));
		await deleteFolder(db, b);
		expect(await db.folders.get(b)).toBeUndefined();
		expect((await db.subscriptions.get(S1))?.folderId).toBeNull();
		const queued = await outbox();
		expect(queued.map((m) => m.name)).toEqual([
			'folder.create',
			'folder.create',
			'folder.create',
			'folder.reorder',
			'folder.rename',
			'folder.delete'
		]);
		expect(queued.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6]);
	});

	it('an invalid action changes nothing and queues nothing', async () => {
		await expect(createFolder(db, '   ')).rejects.toThrow(/invalid folder.create/);
		expect(await db.folders.count()).toBe(0);
		expect(await db.outbox.count()).toBe(0);
		expect(await getMeta(db, 'lastMutationId')).toBe(0);
		expect(writes).toBe(0);
	});
});

describe('subscription actions', () => {
	it('subscribe adds a placeholder row at the end of its folder', async () => {
		const folder = await createFolder(db, 'News');
		const first = await subscribe(db, 'https://example.test/a.xml', folder);
		const second = await subscribe(db, 'https://example.test/b.xml', folder, 'B');
		expect((await subscriptionsIn(db, folder)).map((s) => s.id)).toEqual([first, second]);
		const row = await db.subscriptions.get(second);
		expect(row).toMatchObject({ feedId: 0, feedUrl: 'https://example.test/b.xml', title: 'B', folderId: folder });
		expect((await outbox())[2]).toMatchObject({
			name: 'subscription.create',
			args: { subscriptionId: second, url: 'https://example.test/b.xml', folderId: folder, title: 'B' }
		});
	});

	it('moveSubscription is ONE update with the folder and a key between the new neighbours', async () => {
		const folder = await createFolder(db, 'News');
		await db.subscriptions.bulkPut([
			makeSubscription(S1, 1, null, 'a0'),
			makeSubscription(S2, 2, folder, 'a0'),
			makeSubscription(S3, 3, folder, 'a1')
		]);
		await moveSubscription(db, S1, folder, 1);
		expect((await subscriptionsIn(db, folder)).map((s) => s.id)).toEqual([S2, S1, S3]);
		const queued = await outbox();
		expect(queued).toHaveLength(2);
		const update = queued[1]!;
		expect(update.name).toBe('subscription.update');
		expect(update.args).toMatchObject({ subscriptionId: S1, folderId: folder });
		const key = (update.args as { orderKey: string }).orderKey;
		expect(key > 'a0' && key < 'a1').toBe(true);
		await moveSubscription(db, S3, null, 0);
		expect((await subscriptionsIn(db, null)).map((s) => s.id)).toEqual([S3]);
	});

	it('rename sets or clears the user’s title; unsubscribe drops the feed’s entries', async () => {
		await db.subscriptions.put(makeSubscription(S1, 10, null, 'a0'));
		await db.entries.bulkPut([makeEntry(1, 10), makeEntry(2, 11)]);
		await renameSubscription(db, S1, 'Mine');
		expect((await db.subscriptions.get(S1))?.title).toBe('Mine');
		await renameSubscription(db, S1, null);
		expect((await db.subscriptions.get(S1))?.title).toBeNull();
		await unsubscribe(db, S1);
		expect(await db.subscriptions.count()).toBe(0);
		expect((await db.entries.toArray()).map((e) => e.id)).toEqual([2]);
		expect((await outbox()).map((m) => m.name)).toEqual([
			'subscription.update',
			'subscription.update',
			'subscription.delete'
		]);
	});
});

describe('settings', () => {
	it('merges a partial change into the stored settings', async () => {
		await updateSettings(db, { theme: 'dark' });
		await updateSettings(db, { hideRead: true });
		expect(await getMeta(db, 'settings')).toEqual({
			theme: 'dark',
			sortOrder: 'newest',
			hideRead: true,
			offlineDays: 30
		});
		expect((await outbox()).map((m) => m.args)).toEqual([
			{ settings: { theme: 'dark' } },
			{ settings: { hideRead: true } }
		]);
	});
});

describe('liveQuery', () => {
	it('readers see an action’s change without asking again', async () => {
		await db.subscriptions.put(makeSubscription(S1, 10, null, 'a0'));
		await db.entries.bulkPut([makeEntry(1, 10), makeEntry(2, 10)]);
		const seen: number[] = [];
		const subscription = liveQuery(() => unreadTotal(db)).subscribe((count) => seen.push(count));
		await vi.waitFor(() => expect(seen).toEqual([2]));
		await setRead(db, [1], true);
		await vi.waitFor(() => expect(seen).toEqual([2, 1]));
		subscription.unsubscribe();
	});
});
