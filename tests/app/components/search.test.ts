import { describe, expect, it } from 'vitest';
import { searchOnDevice, searchOnServer } from '../../../src/lib/queries/search';
import { freshDb } from '../db/fresh-db';
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
});
