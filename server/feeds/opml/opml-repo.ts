import type { Db } from '../../db/open';
import { stmt } from '../../db/statements';

/**
 * The folder and subscription reads and writes OPML import and export need, each scoped by user id. The sync
 * area owns these tables' mutations; these are kept small so the two can be merged later.
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

export function listFolders(db: Db, userId: number): OpmlFolder[] {
	return stmt<[number], OpmlFolder>(db, 'SELECT id, name, order_key FROM folders WHERE user_id = ?').all(userId);
}

export function listSubscriptions(db: Db, userId: number): OpmlSubscription[] {
	return stmt<[number], OpmlSubscription>(
		db,
		`SELECT s.id, s.folder_id, s.order_key, s.title, f.url, f.title AS feed_title, f.site_url
		 FROM subscriptions s JOIN feeds f ON f.id = s.feed_id WHERE s.user_id = ?`
	).all(userId);
}

export function insertFolder(
	db: Db,
	userId: number,
	folder: { id: string; name: string; orderKey: string; now: number; version: number }
): void {
	stmt(db, 'INSERT INTO folders (id, user_id, name, order_key, created_at, version) VALUES (?, ?, ?, ?, ?, ?)').run(
		folder.id,
		userId,
		folder.name,
		folder.orderKey,
		folder.now,
		folder.version
	);
}

/** A new subscription receives the feed's existing entries from this version on (entries_since_version). */
export function insertSubscription(
	db: Db,
	userId: number,
	sub: {
		id: string;
		feedId: number;
		folderId: string | null;
		orderKey: string;
		title: string | null;
		now: number;
		version: number;
	}
): void {
	stmt(
		db,
		`INSERT INTO subscriptions (id, user_id, feed_id, folder_id, order_key, title, created_at, version,
		 entries_since_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	).run(sub.id, userId, sub.feedId, sub.folderId, sub.orderKey, sub.title, sub.now, sub.version, sub.version);
}
