import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openUserDb, SCHEMA_VERSIONS, userDbName } from '../../../src/lib/db/database';
import { ensureClientId, getMeta } from '../../../src/lib/db/meta';
import { unreadCounts, unreadInFeed, unreadTotal, starredTotal } from '../../../src/lib/db/unread-counts';
import { entriesOfFeed, unreadOfFeed } from '../../../src/lib/db/entry-ranges';
import { foldersInOrder, subscriptionsIn } from '../../../src/lib/db/lists';
import { freshDb, isolatedDbOptions, makeEntry, makeSubscription } from './fresh-db';

describe('user database', () => {
	it('is one database per user, named after the user, and knows its owner', async () => {
		const options = isolatedDbOptions();
		const alice = await openUserDb(1, options);
		const bob = await openUserDb(2, options);
		expect(alice.name).toBe(userDbName(1));
		expect(bob.name).toBe('tidings-user-2');
		await alice.folders.put({ id: 'f', name: 'News', orderKey: 'a0' });
		expect(await bob.folders.count()).toBe(0);
		expect(await getMeta(alice, 'userId')).toBe(1);
		expect(await getMeta(bob, 'userId')).toBe(2);
	});

	it('keeps the outbox and clientId when reopened', async () => {
		const options = isolatedDbOptions();
		const db = await openUserDb(7, options);
		const clientId = await ensureClientId(db);
		await db.outbox.add({
			id: 1,
			name: 'entry.setStarred',
			args: { entryId: 3, starred: true },
			createdAt: 1
		});
		db.close();
		const again = await openUserDb(7, options);
		expect(await again.outbox.count()).toBe(1);
		expect(await ensureClientId(again)).toBe(clientId);
	});

	it('counts unread and starred entries from indexes', async () => {
		const db = await freshDb();
		await db.subscriptions.bulkPut([
			makeSubscription('s1', 10, 'folder', 'a0'),
			makeSubscription('s2', 20, 'folder', 'a1'),
			makeSubscription('s3', 30, null, 'a0')
		]);
		await db.entries.bulkPut([
			makeEntry(1, 10),
			makeEntry(2, 10, { read: 1 }),
			makeEntry(3, 20, { starred: 1 }),
			makeEntry(4, 30, { read: 1, starred: 1 }),
			makeEntry(5, 30)
		]);
		expect(await unreadInFeed(db, 10)).toBe(1);
		expect(await unreadTotal(db)).toBe(3);
		expect(await starredTotal(db)).toBe(2);
		const counts = await unreadCounts(db);
		expect(Object.fromEntries(counts.bySubscription)).toEqual({ s1: 1, s2: 1, s3: 1 });
		expect(Object.fromEntries(counts.byFolder)).toEqual({ folder: 2 });
	});

	it('a feed’s ranges hold its read and unread entries, unread ones alone, and no neighbour’s', async () => {
		const db = await freshDb();
		await db.entries.bulkPut([
			makeEntry(1, 9),
			makeEntry(2, 10, { read: 1 }),
			makeEntry(3, 10),
			makeEntry(4, 10, { read: 1, starred: 1 }),
			makeEntry(5, 11, { read: 1 })
		]);
		expect((await entriesOfFeed(db, 10).primaryKeys()).sort()).toEqual([2, 3, 4]);
		expect(await unreadOfFeed(db, 10).primaryKeys()).toEqual([3]);
		expect(await unreadOfFeed(db, 11).count()).toBe(0);
		await entriesOfFeed(db, 10).delete();
		expect(await db.entries.toCollection().primaryKeys()).toEqual([1, 5]);
	});

	it('lists folders and a folder’s feeds in order-key order, ties broken by id', async () => {
		const db = await freshDb();
		await db.folders.bulkPut([
			{ id: 'b', name: 'B', orderKey: 'a1' },
			{ id: 'a', name: 'A', orderKey: 'a1' },
			{ id: 'c', name: 'C', orderKey: 'a0' }
		]);
		expect((await foldersInOrder(db)).map((f) => f.id)).toEqual(['c', 'a', 'b']);
		await db.subscriptions.bulkPut([
			makeSubscription('x', 1, null, 'a2'),
			makeSubscription('y', 2, null, 'Zz'),
			makeSubscription('z', 3, 'c', 'a0')
		]);
		expect((await subscriptionsIn(db, null)).map((s) => s.id)).toEqual(['y', 'x']);
		expect((await subscriptionsIn(db, 'c')).map((s) => s.id)).toEqual(['z']);
	});
});

describe('schema versions', () => {
	it('a version-1 database with pending changes upgrades, keeps its outbox and entries, and counts on new indexes', async () => {
		const options = isolatedDbOptions();
		const first = new Dexie(userDbName(3), options);
		first.version(1).stores(SCHEMA_VERSIONS[1]!);
		await first.open();
		await first.table('meta').put({ key: 'userId', value: 3 });
		const pending = [
			{ id: 1, name: 'folder.rename', args: { folderId: 'x', name: 'y' }, createdAt: 1 },
			{ id: 2, name: 'entry.setRead', args: { entryIds: [2], read: true }, createdAt: 2 }
		];
		await first.table('outbox').bulkAdd(pending);
		// Version 1 stored starred as 0 or 1 on every row.
		await first.table('entries').bulkPut([
			{ ...makeEntry(1, 10), starred: 0 },
			{ ...makeEntry(2, 10, { read: 1 }), starred: 0 },
			{ ...makeEntry(3, 20), starred: 1 }
		]);
		first.close();

		const current = await openUserDb(3, options);
		expect(current.verno).toBe(Math.max(...Object.keys(SCHEMA_VERSIONS).map(Number)));
		expect(await current.outbox.toArray()).toEqual(pending);
		expect(await current.entries.count()).toBe(3);
		expect(await unreadInFeed(current, 10)).toBe(1);
		expect(await unreadTotal(current)).toBe(2);
		expect(await starredTotal(current)).toBe(1);
		expect((await current.entries.toArray()).map((e) => e.starred)).toEqual([undefined, undefined, 1]);
		const indexes = current.entries.schema.indexes.map((index) => index.name);
		expect(indexes).not.toContain('[feedId+read]');
		expect(indexes).not.toContain('[feedId+publishedAt]');
		expect(indexes).not.toContain('publishedAt');
	});

	it('no version drops the outbox or changes its key', () => {
		for (const stores of Object.values(SCHEMA_VERSIONS)) {
			if ('outbox' in stores) expect(stores.outbox).toBe('id');
		}
	});
});
