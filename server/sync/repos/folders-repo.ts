import type { Db } from '../../db/open';
import { stmt } from '../../db/statements';

export interface FolderRow {
	id: string;
	user_id: number;
	name: string;
	order_key: string;
	created_at: number;
	version: number;
}

export function getFolder(db: Db, userId: number, folderId: string): FolderRow | undefined {
	return stmt<[string, number], FolderRow>(db, 'SELECT * FROM folders WHERE id = ? AND user_id = ?').get(
		folderId,
		userId
	);
}

export function insertFolder(db: Db, row: FolderRow): void {
	stmt(
		db,
		`INSERT INTO folders (id, user_id, name, order_key, created_at, version)
		 VALUES (@id, @user_id, @name, @order_key, @created_at, @version)`
	).run(row);
}

export function updateFolderName(db: Db, userId: number, folderId: string, name: string, version: number): void {
	stmt(db, 'UPDATE folders SET name = ?, version = ? WHERE id = ? AND user_id = ?').run(
		name,
		version,
		folderId,
		userId
	);
}

export function updateFolderOrderKey(
	db: Db,
	userId: number,
	folderId: string,
	orderKey: string,
	version: number
): void {
	stmt(db, 'UPDATE folders SET order_key = ?, version = ? WHERE id = ? AND user_id = ?').run(
		orderKey,
		version,
		folderId,
		userId
	);
}

export function deleteFolderRow(db: Db, userId: number, folderId: string): void {
	stmt(db, 'DELETE FROM folders WHERE id = ? AND user_id = ?').run(folderId, userId);
}

/** The user's folders in display order (bytewise keys, ties by id). */
export function listFolderKeys(db: Db, userId: number): { id: string; order_key: string }[] {
	return stmt<[number], { id: string; order_key: string }>(
		db,
		'SELECT id, order_key FROM folders WHERE user_id = ? ORDER BY order_key, id'
	).all(userId);
}

export function foldersChangedBetween(db: Db, userId: number, after: number, upTo: number): FolderRow[] {
	return stmt<[number, number, number], FolderRow>(
		db,
		'SELECT * FROM folders WHERE user_id = ? AND version > ? AND version <= ? ORDER BY version'
	).all(userId, after, upTo);
}
