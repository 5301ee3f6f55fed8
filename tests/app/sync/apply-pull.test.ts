import { beforeEach, describe, expect, it } from 'vitest';
import { createFolder, setRead, setStarred } from '../../../src/lib/actions';
import type { TidingsDb } from '../../../src/lib/db/database';
import { ensureClientId, getMeta } from '../../../src/lib/db/meta';
import { applyPullPage } from '../../../src/lib/sync/apply-pull';
import { freshDb, makeEntry, makeSubscription } from '../db/fresh-db';
import { emptyPage } from './fake-sync-server';

let db: TidingsDb;

beforeEach(async () => {
	db = await freshDb();
	await db.subscriptions.put(makeSubscription('s10', 10, null, 'a0'));
	await db.entries.bulkPut([makeEntry(1, 10), makeEntry(2, 10)]);
});

describe('applying a pull page', () => {
	it('re-applies still-pending mutations on top of the server’s rows', async () => {
		await setStarred(db, 2, true);
		await applyPullPage(
			db,
			emptyPage({ entryStates: [{ entryId: 2, read: true, starred: false }], lastMutationId: 0 })
		);
		expect(await db.entries.get(2)).toMatchObject({ read: 1, starred: 1 });
		expect(await db.outbox.count()).toBe(1);
	});

	it('drops the mutations the server says it processed, and then shows the server’s state', async () => {
		await setStarred(db, 2, true);
		await setRead(db, [1], true);
		await applyPullPage(
			db,
			emptyPage({ entryStates: [{ entryId: 2, read: false, starred: false }], lastMutationId: 1 })
		);
		expect((await db.outbox.toArray()).map((m) => m.id)).toEqual([2]);
		expect(await getMeta(db, 'lastServerMutationId')).toBe(1);
		expect((await db.entries.get(2))?.starred).toBeUndefined();
		expect(await db.entries.get(1)).toMatchObject({ read: 1 });
	});

	it('keeps read/starred of an entry whose content changed, and the cookie moves with the page', async () => {
		await db.entries.update(1, { read: 1 });
		await applyPullPage(db, emptyPage({ cookie: 'next', entries: [makeEntry(1, 10, { title: 'Changed' })] }));
		expect(await db.entries.get(1)).toMatchObject({ title: 'Changed', read: 1 });
		expect(await getMeta(db, 'cookie')).toBe('next');
	});

	it('folds a state that arrived before its entry into the entry', async () => {
		await applyPullPage(db, emptyPage({ entryStates: [{ entryId: 9, read: true, starred: true }] }));
		expect(await db.entries.get(9)).toBeUndefined();
		await applyPullPage(db, emptyPage({ entries: [makeEntry(9, 10)] }));
		expect(await db.entries.get(9)).toMatchObject({ read: 1, starred: 1 });
		expect(await db.orphanStates.count()).toBe(0);
	});

	it('in one page: stored entries keep their flags, new ones take earlier states, states find this page’s entries', async () => {
		await db.entries.bulkUpdate([
			{ key: 1, changes: { read: 1 } },
			{ key: 2, changes: { starred: 1 } }
		]);
		await db.entries.put(makeEntry(4, 10, { read: 1 }));
		await db.orphanStates.bulkPut([
			{ entryId: 5, read: true, starred: false },
			{ entryId: 50, read: false, starred: true }
		]);
		await applyPullPage(
			db,
			emptyPage({
				entries: [6, 2, 5, 1].map((id) => makeEntry(id, 10, { title: `New ${id}` })),
				entryStates: [
					{ entryId: 6, read: true, starred: true },
					{ entryId: 7, read: true, starred: false }
				]
			})
		);
		const flags = (await db.entries.toArray()).map((e) => [e.id, e.title, e.read, e.starred]);
		expect(flags).toEqual([
			[1, 'New 1', 1, undefined],
			[2, 'New 2', 0, 1],
			[4, 'Entry 4', 1, undefined],
			[5, 'New 5', 1, undefined],
			[6, 'New 6', 1, 1]
		]);
		expect((await db.orphanStates.toArray()).map((o) => o.entryId)).toEqual([7, 50]);
	});

	it('applies deletions: a deleted subscription takes its entries along', async () => {
		await db.folders.put({ id: 'f', name: 'F', orderKey: 'a0' });
		await db.subscriptions.put(makeSubscription('s11', 11, 'f', 'a0'));
		await db.entries.put(makeEntry(3, 11));
		await applyPullPage(db, emptyPage({ deleted: { folders: ['f'], subscriptions: ['s10'], entries: [3] } }));
		expect(await db.folders.count()).toBe(0);
		expect((await db.subscriptions.get('s11'))?.folderId).toBeNull();
		expect(await db.subscriptions.get('s10')).toBeUndefined();
		expect(await db.entries.count()).toBe(0);
	});

	it('a reset replaces pulled data but keeps the outbox, clientId and pending changes', async () => {
		const clientId = await ensureClientId(db);
		const folderId = await createFolder(db, 'Mine');
		await applyPullPage(
			db,
			emptyPage({
				reset: true,
				folders: [{ id: 'server-folder', name: 'Theirs', orderKey: 'a0' }],
				entries: [makeEntry(7, 10)]
			})
		);
		expect((await db.folders.toArray()).map((f) => f.name).sort()).toEqual(['Mine', 'Theirs']);
		expect(await db.folders.get(folderId)).toBeDefined();
		expect((await db.entries.toArray()).map((e) => e.id)).toEqual([7]);
		expect(await db.subscriptions.count()).toBe(0);
		expect(await db.outbox.count()).toBe(1);
		expect(await getMeta(db, 'clientId')).toBe(clientId);
	});

	it('stores settings the server sent', async () => {
		const settings = { theme: 'dark', sortOrder: 'oldest', hideRead: true, offlineDays: 7 } as const;
		await applyPullPage(db, emptyPage({ settings }));
		expect(await getMeta(db, 'settings')).toEqual(settings);
	});
});
