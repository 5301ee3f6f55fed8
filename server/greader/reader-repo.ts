import type { Sql } from '../db/sql';
import { idList, idsIn } from '../db/sql-fragments';
import type { EntryRow } from '../sync/repos/pull-repo';

/*
 * The Reader API's reads. Every statement reaches entries only through the user's own subscriptions (and their
 * own folders and marks), so one user can never list, read or learn of another's.
 */

export interface ReaderSubscription {
	subscription_id: string;
	feed_id: number;
	title: string;
	url: string;
	site_url: string | null;
	icon_url: string | null;
	created_at: number;
	folder_id: string | null;
	folder_name: string | null;
}

/** In the user's order: folders by their key, then feeds by theirs (clients are free to sort them their own way). */
export async function listReaderSubscriptions(sql: Sql, userId: number): Promise<ReaderSubscription[]> {
	return sql.all<ReaderSubscription>(
		`SELECT s.id AS subscription_id, s.feed_id, coalesce(s.title, f.title, f.url) AS title, f.url, f.site_url,
		        f.icon_url, s.created_at, fo.id AS folder_id, fo.name AS folder_name
		 FROM subscriptions s JOIN feeds f ON f.id = s.feed_id
		 LEFT JOIN folders fo ON fo.id = s.folder_id AND fo.user_id = s.user_id
		 WHERE s.user_id = ? ORDER BY fo.order_key IS NOT NULL, fo.order_key, fo.id, s.order_key, s.id`,
		[userId]
	);
}

export async function listReaderFolders(
	sql: Sql,
	userId: number
): Promise<{ id: string; name: string; order_key: string }[]> {
	return sql.all<{ id: string; name: string; order_key: string }>(
		'SELECT id, name, order_key FROM folders WHERE user_id = ? ORDER BY order_key, id',
		[userId]
	);
}

/** Folder names are not unique: a label means the first folder of that name in the user's order. */
export async function findFolderByName(sql: Sql, userId: number, name: string): Promise<{ id: string } | undefined> {
	return sql.get<{ id: string }>(
		'SELECT id FROM folders WHERE user_id = ? AND name = ? ORDER BY order_key, id LIMIT 1',
		[userId, name]
	);
}

export async function findSubscriptionByFeedUrl(
	sql: Sql,
	userId: number,
	url: string
): Promise<{ feed_id: number } | undefined> {
	return sql.get<{ feed_id: number }>(
		'SELECT s.feed_id FROM subscriptions s JOIN feeds f ON f.id = s.feed_id WHERE s.user_id = ? AND f.url = ?',
		[userId, url]
	);
}

export interface UnreadCountRow {
	feed_id: number;
	count: number;
	newest: number;
}

export async function unreadCountsByFeed(sql: Sql, userId: number): Promise<UnreadCountRow[]> {
	return sql.all<UnreadCountRow>(
		`SELECT e.feed_id, count(*) AS count, max(e.fetched_at) AS newest
		 FROM subscriptions s JOIN entries e ON e.feed_id = s.feed_id
		 LEFT JOIN entry_states st ON st.user_id = s.user_id AND st.entry_id = e.id
		 WHERE s.user_id = ? AND coalesce(st.read, 0) = 0 GROUP BY e.feed_id`,
		[userId]
	);
}

/** Which entries a stream holds: the stream itself, then the filters a request adds. */
export interface ItemFilter {
	userId: number;
	feedId?: number;
	folderId?: string;
	/** Only entries with this mark set (the read and starred streams, `it=`). */
	only?: 'read' | 'starred';
	/** Leave out entries with these marks set (`xt=`). */
	exclude: { read: boolean; starred: boolean };
	/** Crawl time bounds in ms: fetched at or after `since`, before `until`. */
	since?: number;
	until?: number;
	/** Continue after this id (exclusive) in the given order. */
	after?: number;
	oldestFirst: boolean;
	limit: number;
}

export interface ItemRef {
	id: number;
	feed_id: number;
	fetched_at: number;
}

/*
 * Two shapes of one query, chosen by what narrows it most. A marked stream (read, starred) walks the user's marks,
 * which are keyed (user_id, entry_id) and so already in id order; every other stream walks the entries in id
 * order and stops at the limit. Entry ids grow as entries are stored, so id order is crawl order, and a page ends
 * after `limit` rows without sorting the user's whole history.
 */
function itemRefsSql(f: ItemFilter): string {
	const where: string[] = [];
	if (f.feedId !== undefined) where.push('s.feed_id = @feedId');
	if (f.folderId !== undefined) where.push('s.folder_id = @folderId');
	if (f.exclude.read) where.push('coalesce(st.read, 0) = 0');
	if (f.exclude.starred) where.push('coalesce(st.starred, 0) = 0');
	if (f.since !== undefined) where.push('e.fetched_at >= @since');
	if (f.until !== undefined) where.push('e.fetched_at < @until');
	if (f.after !== undefined) where.push(f.oldestFirst ? 'e.id > @after' : 'e.id < @after');
	const order = `ORDER BY e.id ${f.oldestFirst ? 'ASC' : 'DESC'} LIMIT @limit`;
	// CROSS JOIN fixes SQLite's join order; its conditions are in WHERE, since PostgreSQL allows no ON after it.
	if (f.only) {
		where.unshift(`st.${f.only} = 1`);
		return `SELECT e.id, e.feed_id, e.fetched_at FROM entry_states st CROSS JOIN entries e CROSS JOIN subscriptions s
			WHERE e.id = st.entry_id AND s.feed_id = e.feed_id AND s.user_id = @userId AND st.user_id = @userId
			AND ${where.join(' AND ')} ${order.replace(/e\.id/, 'st.entry_id')}`;
	}
	return `SELECT e.id, e.feed_id, e.fetched_at FROM entries e CROSS JOIN subscriptions s
		LEFT JOIN entry_states st ON st.user_id = @userId AND st.entry_id = e.id
		WHERE ${['s.feed_id = e.feed_id', 's.user_id = @userId', ...where].join(' AND ')} ${order}`;
}

export async function itemRefs(sql: Sql, filter: ItemFilter): Promise<ItemRef[]> {
	const { exclude: _exclude, only: _only, oldestFirst: _oldestFirst, ...params } = filter;
	return sql.all<ItemRef>(itemRefsSql(filter), params);
}

/** An entry with what the Reader API adds: crawl time, the user's marks (0/1) and its feed and folder. */
export interface ReaderItemRow extends Pick<
	EntryRow,
	| 'id'
	| 'feed_id'
	| 'url'
	| 'title'
	| 'author'
	| 'summary'
	| 'content'
	| 'published_at'
	| 'updated_at'
	| 'enclosures'
	| 'dir'
> {
	fetched_at: number;
	read: number;
	starred: number;
	feed_title: string;
	feed_url: string;
	site_url: string | null;
	folder_name: string | null;
}

/** The listed entries that are the user's, with their marks and feed; ids not theirs are left out. */
export async function readerItems(sql: Sql, userId: number, ids: number[]): Promise<ReaderItemRow[]> {
	return sql.all<ReaderItemRow>(
		`SELECT e.id, e.feed_id, e.url, e.title, e.author, e.summary, e.content, e.published_at, e.updated_at,
		        e.fetched_at, e.enclosures, e.dir, coalesce(st.read, 0) AS read, coalesce(st.starred, 0) AS starred,
		        coalesce(s.title, f.title, f.url) AS feed_title, f.url AS feed_url, f.site_url, fo.name AS folder_name
		 FROM entries e CROSS JOIN subscriptions s
		 JOIN feeds f ON f.id = e.feed_id
		 LEFT JOIN folders fo ON fo.id = s.folder_id AND fo.user_id = @userId
		 LEFT JOIN entry_states st ON st.user_id = @userId AND st.entry_id = e.id
		 WHERE s.feed_id = e.feed_id AND s.user_id = @userId AND e.id IN ${idsIn(sql.dialect, 'ids')}`,
		{ userId, ids: idList(sql.dialect, ids) }
	);
}

/** The newest entry id in scope crawled at or before `until` (ms), for a bounded mark-all-as-read. */
export async function newestItemId(
	sql: Sql,
	filter: { userId: number; feedId?: number; folderId?: string; until?: number }
) {
	const where = ['1 = 1'];
	if (filter.feedId !== undefined) where.push('s.feed_id = @feedId');
	if (filter.folderId !== undefined) where.push('s.folder_id = @folderId');
	if (filter.until !== undefined) where.push('e.fetched_at <= @until');
	return (await sql.get<{ id: number | null }>(
		`SELECT max(e.id) AS id FROM subscriptions s JOIN entries e ON e.feed_id = s.feed_id
		 WHERE s.user_id = @userId AND ${where.join(' AND ')}`,
		filter
	))!.id;
}
