import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEntry } from '../../../server/feeds/entries-repo';
import { findOrCreateFeed } from '../../../server/feeds/feeds-repo';
import { prepareEntry } from '../../../server/feeds/refresh/prepare-entries';
import { ENTRIES_PER_TRANSACTION, storeEntriesThen } from '../../../server/feeds/refresh/store-entries';
import type { Sql } from '../../../server/db/sql';
import { startTestServer, testBackend, type TestServer } from '../../support/test-server';

const NOW = Date.UTC(2026, 0, 15);
const COUNT = ENTRIES_PER_TRANSACTION * 2 + 10;

function entries(count: number, text = 'first'): StoredEntry[] {
	return Array.from({ length: count }, (_, i) =>
		prepareEntry(
			{
				guid: `g-${i}`,
				url: `https://example.test/${i}`,
				title: `Entry ${i}`,
				author: null,
				content: `<p>${text} text of entry ${i}</p>`,
				summary: null,
				publishedAt: NOW - i * 60_000,
				updatedAt: null,
				enclosures: [],
				categories: [],
				language: 'en',
				dir: 'ltr'
			},
			'https://example.test/feed'
		)
	);
}

describe('storing a fetch in short transactions', () => {
	let server: TestServer;
	let feedId: number;
	const stored = async (sql: Sql = server.store) =>
		(await sql.get<{ n: number }>('SELECT count(*) AS n FROM entries WHERE feed_id = ?', [feedId]))!.n;
	beforeEach(async () => {
		server = await startTestServer();
		feedId = (await findOrCreateFeed(server.store, 'https://example.test/feed', NOW)).id;
	});
	afterEach(() => server.close());

	it('lets the event loop turn between chunks and runs the feed bookkeeping only with the last one', async () => {
		const finishedWith: number[] = [];
		const storing = storeEntriesThen(server.store, feedId, entries(COUNT), NOW, async (tx, counts) => {
			// Inside the last transaction: every entry is already written.
			finishedWith.push(await stored(tx));
			return counts;
		});
		let seen = 0;
		while ((seen = await stored()) === 0) await new Promise((resolve) => setImmediate(resolve));
		// Another task ran while the feed was being stored: it saw some entries committed, not all, and no bookkeeping.
		expect(seen).toBeLessThan(COUNT);
		expect(finishedWith).toEqual([]);
		expect(await storing).toEqual({ added: COUNT, updated: 0 });
		expect(finishedWith).toEqual([COUNT]);
	});

	// Counts the rows at every turn of the event loop, which SQLite's synchronous statements allow; a PostgreSQL
	// query spans several turns, and its statements never hold the event loop anyway.
	it.skipIf(testBackend === 'postgres')(
		'runs one chunk per turn of the event loop, however many feeds are storing at once',
		async () => {
			const feeds = [
				feedId,
				(await findOrCreateFeed(server.store, 'https://a.test/feed', NOW)).id,
				(await findOrCreateFeed(server.store, 'https://b.test/feed', NOW)).id
			];
			const total = () => server.db.prepare('SELECT count(*) FROM entries').pluck().get() as number;
			const storing = Promise.all(
				feeds.map((id) => storeEntriesThen(server.store, id, entries(COUNT), NOW, async () => null))
			);
			const seen = [total()];
			while (seen.at(-1)! < feeds.length * COUNT) {
				await new Promise((resolve) => setImmediate(resolve));
				seen.push(total());
			}
			await storing;
			const perTurn = seen.slice(1).map((count, i) => count - seen[i]!);
			expect(Math.max(...perTurn)).toBeLessThanOrEqual(ENTRIES_PER_TRANSACTION);
		}
	);

	it('writes only what changed, and respects what another transaction did between chunks', async () => {
		await storeEntriesThen(server.store, feedId, entries(COUNT), NOW, async () => null);
		expect(await storeEntriesThen(server.store, feedId, entries(COUNT), NOW, async (_tx, counts) => counts)).toEqual({
			added: 0,
			updated: 0
		});

		const last = `g-${COUNT - 1}`;
		const storing = storeEntriesThen(
			server.store,
			feedId,
			entries(COUNT, 'second'),
			NOW,
			async (_tx, counts) => counts
		);
		// While the chunks wait for their turns, retention deletes an entry one of them was going to update.
		await server.store.transaction(async (tx) => {
			await tx.run(
				`INSERT INTO entry_tombstones (feed_id, guid, entry_id, deleted_at, version)
				 SELECT feed_id, guid, id, ?, version FROM entries WHERE feed_id = ? AND guid = ?`,
				[NOW, feedId, last]
			);
			await tx.run('DELETE FROM entries WHERE feed_id = ? AND guid = ?', [feedId, last]);
		});
		expect(await storing).toEqual({ added: 0, updated: COUNT - 1 });
		// Neither brought back nor left behind in the search index.
		expect(await stored()).toBe(COUNT - 1);
		expect(await server.store.get('SELECT count(*) AS n FROM entries_fts')).toEqual({ n: COUNT - 1 });
		const texts = await server.store.all<{ content: string }>('SELECT content FROM entries WHERE feed_id = ?', [
			feedId
		]);
		expect(texts.every((row) => row.content.includes('second text'))).toBe(true);
	});
});
