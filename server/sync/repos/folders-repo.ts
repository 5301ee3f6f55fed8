import type { Sql } from '../../db/sql';

export interface FolderRow {
	id: string;
	user_id: number;
	name: string;
	order_key: string;
	created_at: number;
	version: number;
}

export function getFolder(sql: Sql, userId: number, folderId: string): Promise<FolderRow | undefined> {
	return sql.get<FolderRow>('SELECT * FROM folders WHERE id = ? AND user_id = ?', [folderId, userId]);
}

export async function insertFolder(sql: Sql, row: FolderRow): Promise<void> {
	await sql.run(
		`INSERT INTO folders (id, user_id, name, order_key, created_at, version)
		 VALUES (@id, @user_id, @name, @order_key, @created_at, @version)`,
		row
	);
}

export async function updateFolderName(
	sql: Sql,
	userId: number,
	folderId: string,
	name: string,
	version: number
): Promise<void> {
	await sql.run('UPDATE folders SET name = ?, version = ? WHERE id = ? AND user_id = ?', [
		name,
		version,
		folderId,
		userId
	]);
}

export async function updateFolderOrderKey(
	sql: Sql,
	userId: number,
	folderId: string,
	orderKey: string,
	version: number
): Promise<void> {
	await sql.run('UPDATE folders SET order_key = ?, version = ? WHERE id = ? AND user_id = ?', [
		orderKey,
		version,
		folderId,
		userId
	]);
}

export async function deleteFolderRow(sql: Sql, userId: number, folderId: string): Promise<void> {
	await sql.run('DELETE FROM folders WHERE id = ? AND user_id = ?', [folderId, userId]);
}

/** The user's folders in display order (bytewise keys, ties by id). */
export async function listFolderKeys(sql: Sql, userId: number): Promise<{ id: string; order_key: string }[]> {
	return sql.all<{ id: string; order_key: string }>(
		'SELECT id, order_key FROM folders WHERE user_id = ? ORDER BY order_key, id',
		[userId]
	);
}

export function foldersChangedBetween(sql: Sql, userId: number, after: number, upTo: number): Promise<FolderRow[]> {
	return sql.all<FolderRow>(
		'SELECT * FROM folders WHERE user_id = ? AND version > ? AND version <= ? ORDER BY version',
		[userId, after, upTo]
	);
}
