import type { Sql } from '../../../server/db/sql';
import { readUserSettings } from '../../../server/sync/mutations/settings';
import type { TidingsDb } from '../../../src/lib/db/database';
import { foldersInOrder, subscriptionsIn } from '../../../src/lib/db/lists';
import { getMeta } from '../../../src/lib/db/meta';
import type { UserSettings } from '#shared/mutations';

/**
 * Everything a person can see of their account, in display order, as plain JSON: the folders in order, each list
 * of feeds (top level first, then each folder's) in order with their titles, every entry's read and starred flags,
 * and the settings. Two of them are equal exactly when a person could not tell the two apart.
 */
export interface CanonicalState {
	folders: { id: string; name: string }[];
	lists: { folderId: string | null; subscriptions: { id: string; feedId: number; title: string | null }[] }[];
	entries: { id: number; read: boolean; starred: boolean }[];
	settings: UserSettings;
}

export async function deviceState(db: TidingsDb): Promise<CanonicalState> {
	const folders = await foldersInOrder(db);
	const lists: CanonicalState['lists'] = [];
	for (const folderId of [null, ...folders.map((f) => f.id)]) {
		const subscriptions = (await subscriptionsIn(db, folderId)).map(({ id, feedId, title }) => ({ id, feedId, title }));
		lists.push({ folderId, subscriptions });
	}
	// Rows in a folder the device does not have would be invisible: they count as a difference.
	const orphans = (await db.subscriptions.toArray()).filter(
		(s) => s.folderId !== null && !folders.some((f) => f.id === s.folderId)
	);
	if (orphans.length) lists.push({ folderId: 'missing folder', subscriptions: orphans.map((s) => ({ ...s })) });
	const entries = (await db.entries.orderBy('id').toArray()).map((e) => ({
		id: e.id,
		read: e.read === 1,
		starred: e.starred === 1
	}));
	return {
		folders: folders.map(({ id, name }) => ({ id, name })),
		lists,
		entries,
		settings: (await getMeta(db, 'settings'))!
	};
}

/** The same view of what the server holds for `userId`, sorted as every device sorts (bytewise key, then id). */
export async function serverCanonicalState(sql: Sql, userId: number): Promise<CanonicalState> {
	// Order keys and ids are COLLATE "C" on PostgreSQL, so both backends sort them bytewise.
	const folders = await sql.all<CanonicalState['folders'][number]>(
		'SELECT id, name FROM folders WHERE user_id = ? ORDER BY order_key, id',
		[userId]
	);
	const subscriptions = await sql.all<
		CanonicalState['lists'][number]['subscriptions'][number] & { folderId: string | null }
	>(
		`SELECT id, feed_id AS "feedId", title, folder_id AS "folderId" FROM subscriptions WHERE user_id = ?
		 ORDER BY order_key, id`,
		[userId]
	);
	const lists = [null, ...folders.map((f) => f.id)].map((folderId) => ({
		folderId,
		subscriptions: subscriptions
			.filter((s) => s.folderId === folderId)
			.map(({ id, feedId, title }) => ({ id, feedId, title }))
	}));
	const entries = await sql.all<{ id: number; read: number; starred: number }>(
		`SELECT e.id, coalesce(s.read, 0) AS read, coalesce(s.starred, 0) AS starred
		 FROM entries e JOIN subscriptions sub ON sub.feed_id = e.feed_id AND sub.user_id = ?
		 LEFT JOIN entry_states s ON s.entry_id = e.id AND s.user_id = sub.user_id
		 ORDER BY e.id`,
		[userId]
	);
	const { settings } = (await sql.get<{ settings: string }>('SELECT settings FROM users WHERE id = ?', [userId]))!;
	return {
		folders,
		lists,
		entries: entries.map((e) => ({ id: e.id, read: e.read === 1, starred: e.starred === 1 })),
		settings: readUserSettings(settings)
	};
}

/** Canonical JSON: what the tests compare, so a failure prints both sides in full. */
export function canonicalJson(state: CanonicalState): string {
	return JSON.stringify(state, null, 1);
}
