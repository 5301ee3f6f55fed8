import { createHash } from 'node:crypto';
import type { Sql, Store } from '../../../server/db/sql';
import { nextVersion } from '../../../server/db/version';
import { feedIdByUrl } from '../../../server/feeds/feeds-repo';

/*
 * Feeds and entries written straight into the database, stamped with nextVersion as the feed engine does, so
 * pull tests do not depend on fetching.
 */

export async function insertFeed(store: Store, url: string): Promise<number> {
	return await store.transaction(async (tx) => {
		const row = await tx.get<{ id: number }>(
			'INSERT INTO feeds (url, title, next_fetch_at, created_at, version) VALUES (?, ?, 0, 0, ?) RETURNING id',
			[url, `Feed at ${url}`, await nextVersion(tx)]
		);
		return row!.id;
	});
}

/** What a refresh does when a feed's title changes: a new version on the feed row. */
export async function renameFeed(store: Store, url: string, title: string): Promise<void> {
	await store.transaction(async (tx) =>
		tx.run('UPDATE feeds SET title = ?, version = ? WHERE url = ?', [title, await nextVersion(tx), url])
	);
}

/** The id of the feed at `url`, through the server's own look-up; undefined (typed away) while there is none. */
export async function feedIdOf(sql: Sql, url: string): Promise<number> {
	return (await feedIdByUrl(sql, url)) as number;
}

/** Adds `count` entries of `contentChars` characters each, one version each; returns their ids in order. */
export async function insertEntries(
	store: Store,
	feedId: number,
	count: number,
	contentChars = 100
): Promise<number[]> {
	return await store.transaction(async (tx) => {
		const ids: number[] = [];
		for (let i = 0; i < count; i++) {
			const guid = `${feedId}-${Date.now()}-${i}-${Math.random()}`;
			const content = `<p>${guid}</p>`.padEnd(contentChars, 'x');
			const hash = createHash('sha256').update(content).digest('hex');
			const row = await tx.get<{ id: number }>(
				`INSERT INTO entries (feed_id, guid, url, title, content, published_at, fetched_at, content_hash, version)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				[feedId, guid, `https://example.test/${guid}`, `Entry ${i}`, content, i, 0, hash, await nextVersion(tx)]
			);
			ids.push(row!.id);
		}
		return ids;
	});
}

/** Changes an entry's title as a re-fetch would: a new version. */
export async function updateEntryTitle(store: Store, entryId: number, title: string): Promise<void> {
	await store.transaction(async (tx) =>
		tx.run('UPDATE entries SET title = ?, version = ? WHERE id = ?', [title, await nextVersion(tx), entryId])
	);
}

/** Removes an entry as retention does: the row goes and a tombstone records it. */
export async function deleteEntry(store: Store, entryId: number): Promise<void> {
	await store.transaction(async (tx) => {
		const row = await tx.get<{ feed_id: number; guid: string }>('SELECT feed_id, guid FROM entries WHERE id = ?', [
			entryId
		]);
		await tx.run('DELETE FROM entries WHERE id = ?', [entryId]);
		await tx.run('INSERT INTO entry_tombstones (feed_id, guid, entry_id, deleted_at, version) VALUES (?, ?, ?, 0, ?)', [
			row!.feed_id,
			row!.guid,
			entryId,
			await nextVersion(tx)
		]);
	});
}
