import { createHash } from 'node:crypto';
import type { Db } from '../../../server/db/open';
import { nextVersion, writeTransaction } from '../../../server/db/version';

/*
 * Feeds and entries written straight into the database, stamped with nextVersion as the feed engine does, so
 * pull tests do not depend on fetching.
 */

export function insertFeed(db: Db, url: string): number {
	return writeTransaction(db, () =>
		Number(
			db
				.prepare('INSERT INTO feeds (url, title, next_fetch_at, created_at, version) VALUES (?, ?, 0, 0, ?)')
				.run(url, `Feed at ${url}`, nextVersion(db)).lastInsertRowid
		)
	);
}

/** What a refresh does when a feed's title changes: a new version on the feed row. */
export function renameFeed(db: Db, url: string, title: string): void {
	writeTransaction(db, () =>
		db.prepare('UPDATE feeds SET title = ?, version = ? WHERE url = ?').run(title, nextVersion(db), url)
	);
}

export function feedIdOf(db: Db, url: string): number {
	return db.prepare('SELECT id FROM feeds WHERE url = ?').pluck().get(url) as number;
}

/** Adds `count` entries of `contentChars` characters each, one version each; returns their ids in order. */
export function insertEntries(db: Db, feedId: number, count: number, contentChars = 100): number[] {
	const insert = db.prepare(
		`INSERT INTO entries (feed_id, guid, url, title, content, published_at, fetched_at, content_hash, version)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	return writeTransaction(db, () =>
		Array.from({ length: count }, (_, i) => {
			const guid = `${feedId}-${Date.now()}-${i}-${Math.random()}`;
			const content = `<p>${guid}</p>`.padEnd(contentChars, 'x');
			const hash = createHash('sha256').update(content).digest('hex');
			return Number(
				insert.run(feedId, guid, `https://example.test/${guid}`, `Entry ${i}`, content, i, 0, hash, nextVersion(db))
					.lastInsertRowid
			);
		})
	);
}

/** Changes an entry's title as a re-fetch would: a new version. */
export function updateEntryTitle(db: Db, entryId: number, title: string): void {
	writeTransaction(db, () =>
		db.prepare('UPDATE entries SET title = ?, version = ? WHERE id = ?').run(title, nextVersion(db), entryId)
	);
}

/** Removes an entry as retention does: the row goes and a tombstone records it. */
export function deleteEntry(db: Db, entryId: number): void {
	writeTransaction(db, () => {
		const row = db.prepare('SELECT feed_id, guid FROM entries WHERE id = ?').get(entryId) as {
			feed_id: number;
			guid: string;
		};
		db.prepare('DELETE FROM entries WHERE id = ?').run(entryId);
		db.prepare(
			'INSERT INTO entry_tombstones (feed_id, guid, entry_id, deleted_at, version) VALUES (?, ?, ?, 0, ?)'
		).run(row.feed_id, row.guid, entryId, nextVersion(db));
	});
}
