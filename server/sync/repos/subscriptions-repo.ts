import type { Sql } from '../../db/sql';
import { larger } from '../../db/sql-fragments';

export interface SubscriptionRow {
	id: string;
	user_id: number;
	feed_id: number;
	folder_id: string | null;
	order_key: string;
	title: string | null;
	created_at: number;
	version: number;
	entries_since_version: number;
}

/** A subscription with what the device shows of its feed. */
export interface SubscriptionView extends SubscriptionRow {
	feed_url: string;
	feed_title: string | null;
	site_url: string | null;
	icon_url: string | null;
	last_fetched_at: number | null;
	http_status: number | null;
	last_error: string | null;
	consecutive_errors: number;
}

const VIEW_SELECT = `SELECT s.*, f.url AS feed_url, f.title AS feed_title, f.site_url, f.icon_url, f.last_fetched_at,
	f.http_status, f.last_error, f.consecutive_errors
	FROM subscriptions s JOIN feeds f ON f.id = s.feed_id`;

export function getSubscription(
	sql: Sql,
	userId: number,
	subscriptionId: string
): Promise<SubscriptionRow | undefined> {
	return sql.get<SubscriptionRow>('SELECT * FROM subscriptions WHERE id = ? AND user_id = ?', [subscriptionId, userId]);
}

export function getSubscriptionView(
	sql: Sql,
	userId: number,
	subscriptionId: string
): Promise<SubscriptionView | undefined> {
	return sql.get<SubscriptionView>(`${VIEW_SELECT} WHERE s.id = ? AND s.user_id = ?`, [subscriptionId, userId]);
}

export function findSubscriptionToFeed(sql: Sql, userId: number, feedId: number): Promise<SubscriptionRow | undefined> {
	return sql.get<SubscriptionRow>('SELECT * FROM subscriptions WHERE user_id = ? AND feed_id = ?', [userId, feedId]);
}

export async function insertSubscription(sql: Sql, row: SubscriptionRow): Promise<void> {
	await sql.run(
		`INSERT INTO subscriptions (id, user_id, feed_id, folder_id, order_key, title, created_at, version,
			entries_since_version)
		 VALUES (@id, @user_id, @feed_id, @folder_id, @order_key, @title, @created_at, @version, @entries_since_version)`,
		row
	);
}

/** The fields a change sets; an absent one keeps its value. */
export interface SubscriptionPatch {
	folderId?: string | null;
	orderKey?: string;
	title?: string | null;
}

/**
 * Changes the user's subscription in one statement (no read first); returns false when the user has no such
 * subscription (and nothing was written).
 */
export async function patchSubscriptionRow(
	sql: Sql,
	userId: number,
	subscriptionId: string,
	patch: SubscriptionPatch,
	version: number
): Promise<boolean> {
	// No RETURNING: SQLite first gathers returned rows in a table of their own (dropping it took bench/push from
	// 3.0 to 2.5-2.7 times its floor). The rare re-key reads the folder itself.
	const { changes } = await sql.run(
		`UPDATE subscriptions SET folder_id = CASE WHEN ? = 1 THEN ? ELSE folder_id END, order_key = coalesce(?, order_key),
			title = CASE WHEN ? = 1 THEN ? ELSE title END, version = ?
		 WHERE id = ? AND user_id = ?`,
		[
			patch.folderId === undefined ? 0 : 1,
			patch.folderId ?? null,
			patch.orderKey ?? null,
			patch.title === undefined ? 0 : 1,
			patch.title ?? null,
			version,
			subscriptionId,
			userId
		]
	);
	return changes > 0;
}

export async function deleteSubscriptionRow(sql: Sql, userId: number, subscriptionId: string): Promise<void> {
	await sql.run('DELETE FROM subscriptions WHERE id = ? AND user_id = ?', [subscriptionId, userId]);
}

export async function subscriptionIdsInFolder(sql: Sql, userId: number, folderId: string): Promise<string[]> {
	return (
		await sql.all<{ id: string }>('SELECT id FROM subscriptions WHERE user_id = ? AND folder_id = ?', [
			userId,
			folderId
		])
	).map((row) => row.id);
}

/** The subscriptions of one sibling list (a folder, or the top level for null) in display order. */
export async function listSubscriptionKeys(
	sql: Sql,
	userId: number,
	folderId: string | null
): Promise<{ id: string; order_key: string }[]> {
	return sql.all<{ id: string; order_key: string }>(
		'SELECT id, order_key FROM subscriptions WHERE user_id = ? AND folder_id IS NOT DISTINCT FROM ? ORDER BY order_key, id',
		[userId, folderId]
	);
}

export async function updateSubscriptionOrderKey(
	sql: Sql,
	userId: number,
	subscriptionId: string,
	orderKey: string,
	version: number
): Promise<void> {
	await sql.run('UPDATE subscriptions SET order_key = ?, version = ? WHERE id = ? AND user_id = ?', [
		orderKey,
		version,
		subscriptionId,
		userId
	]);
}

const CHANGED_WITH_FEED = `${VIEW_SELECT} WHERE s.user_id = ? AND ${larger('s.version', 'f.version')} > ?
	AND ${larger('s.version', 'f.version')} <= ? ORDER BY s.version`;
const CHANGED_OWN = `${VIEW_SELECT} WHERE s.user_id = ? AND s.version > ? AND s.version <= ? ORDER BY s.version`;

/**
 * Subscriptions whose own row or whose feed's visible state changed in (after, upTo]. When no feed changed in that
 * range (`feedsChanged` false), only the subscription's own version counts, and its index finds them instead of a
 * look at every subscription of the user with its feed.
 */
export function subscriptionsChangedBetween(
	sql: Sql,
	userId: number,
	range: { after: number; upTo: number; feedsChanged: boolean }
): Promise<SubscriptionView[]> {
	return sql.all<SubscriptionView>(range.feedsChanged ? CHANGED_WITH_FEED : CHANGED_OWN, [
		userId,
		range.after,
		range.upTo
	]);
}
