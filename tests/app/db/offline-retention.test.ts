import { describe, expect, it } from 'vitest';
import { pruneOfflineEntries } from '../../../src/lib/db/offline-retention';
import { getMeta, setMeta } from '../../../src/lib/db/meta';
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

	it('records the latest cutoff it applied, where lists start paging from the server', async () => {
		const db = await freshDb();
		expect(await getMeta(db, 'offlineFrom')).toBeUndefined();
		await setMeta(db, 'settings', { ...defaultUserSettings, offlineDays: 7 });
		await pruneOfflineEntries(db, NOW);
		expect(await getMeta(db, 'offlineFrom')).toBe(NOW - 7 * DAY);
		// A longer setting keeps more from now on, but what the shorter one removed is gone.
		await setMeta(db, 'settings', { ...defaultUserSettings, offlineDays: 30 });
		await pruneOfflineEntries(db, NOW + DAY);
		expect(await getMeta(db, 'offlineFrom')).toBe(NOW - 7 * DAY);
		await setMeta(db, 'settings', { ...defaultUserSettings, offlineDays: 7 });
		await pruneOfflineEntries(db, NOW + DAY);
		expect(await getMeta(db, 'offlineFrom')).toBe(NOW - 6 * DAY);
	});
});
