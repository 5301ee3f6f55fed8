import { describe, expect, it } from 'vitest';
import { pruneOfflineEntries } from '../../../src/lib/db/offline-retention';
import { setMeta } from '../../../src/lib/db/meta';
import { defaultUserSettings } from '#shared/mutations';
import { freshDb, makeEntry } from './fresh-db';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 27);

describe('days kept offline', () => {
	it('removes read, unstarred entries older than the setting and keeps the rest', async () => {
		const db = await freshDb();
		await setMeta(db, 'settings', { ...defaultUserSettings, offlineDays: 7 });
		const old = NOW - 10 * DAY;
		await db.entries.bulkPut([
			makeEntry(1, 1, { publishedAt: old, read: 1 }),
			makeEntry(2, 1, { publishedAt: old, read: 1, starred: 1 }),
			makeEntry(3, 1, { publishedAt: old, read: 0 }),
			makeEntry(4, 1, { publishedAt: NOW - 2 * DAY, read: 1 })
		]);
		expect(await pruneOfflineEntries(db, NOW)).toBe(1);
		expect((await db.entries.toArray()).map((e) => e.id).sort()).toEqual([2, 3, 4]);
	});

	it('follows a longer setting', async () => {
		const db = await freshDb();
		await setMeta(db, 'settings', { ...defaultUserSettings, offlineDays: 30 });
		await db.entries.put(makeEntry(1, 1, { publishedAt: NOW - 10 * DAY, read: 1 }));
		expect(await pruneOfflineEntries(db, NOW)).toBe(0);
		expect(await db.entries.count()).toBe(1);
	});
});
