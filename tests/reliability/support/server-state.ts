import Database from 'better-sqlite3';
import { feedIdByUrl } from '../../../server/feeds/feeds-repo';
import { insertEntry } from '../../../server/feeds/entries-repo';
import type { Sql, Store } from '../../../server/db/sql';
import { nextVersion } from '../../../server/db/version';
import type { Db } from '../../../server/db/open';
import type { VisibleState } from './device';

/** A second connection to the server's database file, as another process would open it. */
export function openServerDatabase(file: string): Db {
	const db = new Database(file);
	db.pragma('busy_timeout = 5000');
	return db;
}

/** What the server holds for this user, in the model's shape (entries: every entry of the user's feeds). */
export async function serverState(sql: Sql, userId: number): Promise<VisibleState> {
	const folders = await sql.all<{ id: string; name: string }>('SELECT id, name FROM folders WHERE user_id = ?', [
		userId
	]);
	const subscriptions = await sql.all<{ id: string; title: string | null; folderId: string | null }>(
		'SELECT id, title, folder_id AS "folderId" FROM subscriptions WHERE user_id = ?',
		[userId]
	);
	const entries = await sql.all<{ id: number; read: number; starred: number }>(
		`SELECT e.id, coalesce(s.read, 0) AS read, coalesce(s.starred, 0) AS starred
		 FROM entries e JOIN subscriptions sub ON sub.feed_id = e.feed_id AND sub.user_id = ?
		 LEFT JOIN entry_states s ON s.entry_id = e.id AND s.user_id = sub.user_id`,
		[userId]
	);
	return {
		folders: Object.fromEntries(folders.map((f) => [f.id, f.name])),
		subscriptions: Object.fromEntries(subscriptions.map(({ id, ...s }) => [id, s])),
		entries: Object.fromEntries(entries.map((e) => [e.id, { read: e.read === 1, starred: e.starred === 1 }]))
	};
}

export async function lastMutationIds(sql: Sql): Promise<Map<string, number>> {
	const rows = await sql.all<{ client_id: string; last_mutation_id: number }>(
		'SELECT client_id, last_mutation_id FROM sync_clients'
	);
	return new Map(rows.map((r) => [r.client_id, r.last_mutation_id]));
}

/**
 * Stores `count` entries in the feed at `feedUrl` as a refresh would (the feed exists once someone subscribed);
 * `word` goes into every title, text and guid (for search, and so that calls with different words add new entries).
 */
export async function addEntries(store: Store, feedUrl: string, count: number, word = 'Entry'): Promise<number[]> {
	const feedId = await feedIdByUrl(store, feedUrl);
	if (feedId === undefined) throw new Error(`no feed ${feedUrl}`);
	// Recent, so a device's offline retention (read entries older than its window leave it) keeps them all.
	const publishedFrom = Date.now() - 60_000;
	return await store.transaction(async (tx) => {
		const version = await nextVersion(tx);
		const ids: number[] = [];
		for (let i = 0; i < count; i++) {
			const id = await insertEntry(
				tx,
				feedId,
				{
					guid: `${feedUrl}#${word}-${i}`,
					url: `${feedUrl}/${i}`,
					title: `${word} ${i}`,
					author: null,
					summary: null,
					content: `<p>${word} ${i}</p>`,
					publishedAt: publishedFrom - i * 60_000,
					updatedAt: null,
					enclosures: '[]',
					categories: '[]',
					language: null,
					dir: 'ltr',
					contentHash: `hash-${word}-${i}`,
					plainText: `${word} ${i}`
				},
				Date.now(),
				version
			);
			ids.push(id);
		}
		return ids;
	});
}
