import { describe, expect, it } from 'vitest';
import { searchOnDevice, searchOnServer } from '../../../src/lib/queries/search';
import { freshDb, makeEntry } from '../db/fresh-db';
import { seedAccount } from './seed';

describe('search', () => {
	it('reads the server answer as plain text, highlights and entities included', async () => {
		const paths: string[] = [];
		const hits = await searchOnServer('planet & co', async (path) => {
			paths.push(path);
			return {
				results: [
					{
						entryId: 3,
						feedId: 1,
						titleHtml: '<mark>Planet</mark> three &amp; co',
						snippetHtml: 'a <mark>planet</mark>'
					}
				]
			};
		});
		expect(paths).toEqual(['/search?q=planet%20%26%20co&limit=100']);
		expect(hits).toEqual([{ entryId: 3, title: 'Planet three & co', snippet: 'a planet' }]);
	});

	it('offline, finds every word in the entries stored on the device, newest first', async () => {
		const db = await freshDb(1);
		await seedAccount(db);
		await db.entries.update(1, { summary: 'a tale of two planets' });
		expect((await searchOnDevice(db, 'planet')).map((h) => h.entryId)).toEqual([3, 2, 1]);
		expect((await searchOnDevice(db, 'planet TWO')).map((h) => h.entryId)).toEqual([2, 1]);
		expect(await searchOnDevice(db, '   ')).toEqual([]);
	});

	it('offline, scans as far as needed and stops at 100 hits, newest first', async () => {
		const db = await freshDb(1);
		const ids = Array.from({ length: 450 }, (_, i) => i + 1);
		// Distinct dates in an order unlike the ids; a third of the entries match, so 100 hits take ~300 rows.
		const publishedAt = (id: number) => (id * 7919) % 450;
		const title = (id: number) => (id % 3 === 0 ? `Planet ${id}` : `Moon ${id}`);
		await db.entries.bulkPut(
			ids.map((id) => makeEntry(id, 10, { publishedAt: publishedAt(id), title: title(id), read: (id % 2) as 0 | 1 }))
		);
		const expected = ids
			.filter((id) => id % 3 === 0)
			.sort((a, b) => publishedAt(b) - publishedAt(a))
			.slice(0, 100);
		expect((await searchOnDevice(db, 'planet')).map((h) => h.entryId)).toEqual(expected);
	});
});
