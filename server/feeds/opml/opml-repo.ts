import type { Sql } from '../../db/sql';

/**
 * The folder and subscription reads OPML import and export need, each scoped by user id. Writes go through the
 * sync mutations (server/sync/mutations), the one code path that changes these tables.
 */

export interface OpmlFolder {
	id: string;
	name: string;
	order_key: string;
}

export interface OpmlSubscription {
	id: string;
	folder_id: string | null;
	order_key: string;
	title: string | null;
	url: string;
	feed_title: string | null;
	site_url: string | null;
}

export async function listFolders(sql: Sql, userId: number): Promise<OpmlFolder[]> {
	return sql.all<OpmlFolder>('SELECT id, name, order_key FROM folders WHERE user_id = ?', [userId]);
}

export async function listSubscriptions(sql: Sql, userId: number): Promise<OpmlSubscription[]> {
	return sql.all<OpmlSubscription>(
		`SELECT s.id, s.folder_id, s.order_key, s.title, f.url, f.title AS feed_title, f.site_url
		 FROM subscriptions s JOIN feeds f ON f.id = s.feed_id WHERE s.user_id = ?`,
		[userId]
	);
}
