import { describe, expect, it } from 'vitest';
import { loadEntryIds } from '../../../src/lib/queries/entry-ids';
import { freshDb, makeEntry } from '../db/fresh-db';
import { NEWS, seedAccount, TOP_A } from './seed';

const newest = { sortOrder: 'newest', hideRead: false } as const;

describe('entry ids per view, from indexes', () => {
	it('orders every view by date and filters read ones when asked', async () => {
		const db = await freshDb(1);
		await seedAccount(db);
		expect(await loadEntryIds(db, { kind: 'all' }, newest)).toEqual([5, 4, 3, 2, 1]);
		expect(await loadEntryIds(db, { kind: 'all' }, { sortOrder: 'oldest', hideRead: false })).toEqual([1, 2, 3, 4, 5]);
		expect(await loadEntryIds(db, { kind: 'unread' }, newest)).toEqual([5, 4, 3, 2]);
		expect(await loadEntryIds(db, { kind: 'all' }, { sortOrder: 'newest', hideRead: true })).toEqual([5, 4, 3, 2]);
		expect(await loadEntryIds(db, { kind: 'starred' }, newest)).toEqual([4]);
		expect(await loadEntryIds(db, { kind: 'folder', folderId: NEWS }, newest)).toEqual([3, 2, 1]);
		expect(await loadEntryIds(db, { kind: 'subscription', subscriptionId: TOP_A }, newest)).toEqual([5, 4]);
		expect(await loadEntryIds(db, { kind: 'folder', folderId: NEWS }, { sortOrder: 'oldest', hideRead: true })).toEqual(
			[2, 3]
		);
	});

	it('orders entries of the same date by id in every view, whichever index it reads', async () => {
		const db = await freshDb(3);
		await seedAccount(db);
		const at = 1_750_000_000_000;
		// Stored out of id order, so only the index's order (date, then id) can put them right.
		for (const id of [13, 11, 14, 12]) {
			await db.entries.put(makeEntry(id, 2, { publishedAt: at, starred: 1, read: id === 14 ? 1 : 0 }));
		}
		const oldest = { sortOrder: 'oldest', hideRead: false } as const;
		const sameDate = (ids: number[]) => ids.filter((id) => id > 10);
		expect(sameDate(await loadEntryIds(db, { kind: 'unread' }, oldest))).toEqual([11, 12, 13]);
		expect(sameDate(await loadEntryIds(db, { kind: 'unread' }, newest))).toEqual([13, 12, 11]);
		expect(sameDate(await loadEntryIds(db, { kind: 'starred' }, oldest))).toEqual([11, 12, 13, 14]);
		expect(sameDate(await loadEntryIds(db, { kind: 'starred' }, { sortOrder: 'newest', hideRead: true }))).toEqual([
			13, 12, 11
		]);
		expect(sameDate(await loadEntryIds(db, { kind: 'all' }, newest))).toEqual([14, 13, 12, 11]);
		expect(sameDate(await loadEntryIds(db, { kind: 'subscription', subscriptionId: TOP_A }, oldest))).toEqual([
			11, 12, 13, 14
		]);
		expect(
			sameDate(
				await loadEntryIds(db, { kind: 'subscription', subscriptionId: TOP_A }, { sortOrder: 'newest', hideRead: true })
			)
		).toEqual([13, 12, 11]);
	});

	it('merges the feeds of a folder by date, not feed by feed', async () => {
		const db = await freshDb(2);
		await seedAccount(db);
		await db.subscriptions.update(TOP_A, { folderId: NEWS });
		await db.entries.update(1, { publishedAt: 1_800_000_000_000 });
		expect(await loadEntryIds(db, { kind: 'folder', folderId: NEWS }, newest)).toEqual([1, 5, 4, 3, 2]);
	});
});
