import type { Sql } from '../db/sql';

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

export async function insertAppPassword(
	sql: Sql,
	row: { userId: number; name: string; passwordHash: Buffer; authHash: Buffer; now: number }
): Promise<AppPasswordRow> {
	return (await sql.get<AppPasswordRow>(
		`INSERT INTO app_passwords (user_id, name, password_hash, auth_hash, created_at)
		 VALUES (@userId, @name, @passwordHash, @authHash, @now) RETURNING id, name, created_at, last_used_at`,
		row
	))!;
}

export async function countAppPasswords(sql: Sql, userId: number): Promise<number> {
	return (await sql.get<{ n: number }>('SELECT count(*) AS n FROM app_passwords WHERE user_id = ?', [userId]))!.n;
}

export async function listAppPasswords(sql: Sql, userId: number): Promise<AppPasswordRow[]> {
	return sql.all<AppPasswordRow>(
		'SELECT id, name, created_at, last_used_at FROM app_passwords WHERE user_id = ? ORDER BY id',
		[userId]
	);
}

/** Returns whether the user had that app password. */
export async function deleteAppPassword(sql: Sql, userId: number, id: number): Promise<boolean> {
	return (await sql.run('DELETE FROM app_passwords WHERE id = ? AND user_id = ?', [id, userId])).changes > 0;
}

export async function findByPasswordHash(sql: Sql, passwordHash: Buffer): Promise<AppPasswordOwner | undefined> {
	return sql.get<AppPasswordOwner>(`${OWNER_SELECT} WHERE a.password_hash = ?`, [passwordHash]);
}

export async function findByAuthHash(sql: Sql, authHash: Buffer): Promise<AppPasswordOwner | undefined> {
	return sql.get<AppPasswordOwner>(`${OWNER_SELECT} WHERE a.auth_hash = ?`, [authHash]);
}

export async function touchAppPassword(sql: Sql, userId: number, id: number, now: number): Promise<void> {
	await sql.run('UPDATE app_passwords SET last_used_at = ? WHERE id = ? AND user_id = ?', [now, id, userId]);
}
