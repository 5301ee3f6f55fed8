import { describe, expect, it } from 'vitest';
import { loadEntryIds } from '../../../src/lib/queries/entry-ids';
import { freshDb } from '../db/fresh-db';
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

	it('merges the feeds of a folder by date, not feed by feed', async () => {
		const db = await freshDb(2);
		await seedAccount(db);
		await db.subscriptions.update(TOP_A, { folderId: NEWS });
		await db.entries.update(1, { publishedAt: 1_800_000_000_000 });
		expect(await loadEntryIds(db, { kind: 'folder', folderId: NEWS }, newest)).toEqual([1, 5, 4, 3, 2]);
	});
});
