import type { Db } from '../db/open';
import { stmt } from '../db/statements';

export interface AppPasswordRow {
	id: number;
	name: string;
	created_at: number;
	last_used_at: number | null;
}

/** An app password with the account it belongs to, as sign-in and every Reader API request need it. */
export interface AppPasswordOwner {
	app_password_id: number;
	user_id: number;
	username: string;
	username_key: string;
	disabled: number;
	last_used_at: number | null;
}

const OWNER_SELECT = `SELECT a.id AS app_password_id, a.user_id, u.username, u.username_key, u.disabled, a.last_used_at
	FROM app_passwords a JOIN users u ON u.id = a.user_id`;

export function insertAppPassword(
	db: Db,
	row: { userId: number; name: string; passwordHash: Buffer; authHash: Buffer; now: number }
): AppPasswordRow {
	return stmt<object, AppPasswordRow>(
		db,
		`INSERT INTO app_passwords (user_id, name, password_hash, auth_hash, created_at)
		 VALUES (@userId, @name, @passwordHash, @authHash, @now) RETURNING id, name, created_at, last_used_at`
	).get(row)!;
}

export function countAppPasswords(db: Db, userId: number): number {
	return stmt<[number], { n: number }>(db, 'SELECT count(*) AS n FROM app_passwords WHERE user_id = ?').get(userId)!.n;
}

export function listAppPasswords(db: Db, userId: number): AppPasswordRow[] {
	return stmt<[number], AppPasswordRow>(
		db,
		'SELECT id, name, created_at, last_used_at FROM app_passwords WHERE user_id = ? ORDER BY id'
	).all(userId);
}

/** Returns whether the user had that app password. */
export function deleteAppPassword(db: Db, userId: number, id: number): boolean {
	return stmt(db, 'DELETE FROM app_passwords WHERE id = ? AND user_id = ?').run(id, userId).changes > 0;
}

export function findByPasswordHash(db: Db, passwordHash: Buffer): AppPasswordOwner | undefined {
	return stmt<[Buffer], AppPasswordOwner>(db, `${OWNER_SELECT} WHERE a.password_hash = ?`).get(passwordHash);
}

export function findByAuthHash(db: Db, authHash: Buffer): AppPasswordOwner | undefined {
	return stmt<[Buffer], AppPasswordOwner>(db, `${OWNER_SELECT} WHERE a.auth_hash = ?`).get(authHash);
}

export function touchAppPassword(db: Db, userId: number, id: number, now: number): void {
	stmt(db, 'UPDATE app_passwords SET last_used_at = ? WHERE id = ? AND user_id = ?').run(now, id, userId);
}
