import type { Sql } from '../db/sql';
import type { PublicUser } from '#shared/api';
import { ADVISORY_LOCKS, LOCK_NAMESPACE } from '../db/pg/advisory-locks';

export interface UserRow {
	id: number;
	username: string;
	password_hash: string;
	is_admin: number;
	disabled: number;
	created_at: number;
}

/** "Alice", "ALICE" and "Ａlice" are one account. */
export function usernameKey(username: string): string {
	return username.normalize('NFKC').toLowerCase();
}

export function toPublicUser(row: Pick<UserRow, 'id' | 'username' | 'is_admin'>): PublicUser {
	return { id: row.id, username: row.username, isAdmin: row.is_admin === 1 };
}

/**
 * Makes first-start setups run one at a time until the transaction ends, so two cannot both find no user. Only
 * PostgreSQL needs it (a READ COMMITTED count sees no uncommitted row); SQLite's write transactions already do.
 */
export async function serializeFirstSetup(sql: Sql): Promise<void> {
	if (sql.dialect !== 'postgres') return;
	await sql.get('SELECT pg_advisory_xact_lock(?, ?)', [LOCK_NAMESPACE, ADVISORY_LOCKS.firstSetup]);
}

export async function countUsers(sql: Sql): Promise<number> {
	return (await sql.get<{ n: number }>('SELECT count(*) AS n FROM users'))!.n;
}

export async function findUserByUsername(sql: Sql, username: string): Promise<UserRow | undefined> {
	return sql.get<UserRow>('SELECT * FROM users WHERE username_key = ?', [usernameKey(username)]);
}

export async function getUser(sql: Sql, userId: number): Promise<UserRow | undefined> {
	return sql.get<UserRow>('SELECT * FROM users WHERE id = ?', [userId]);
}

/** Inserts a user; returns undefined when the name is taken (in any case). */
export async function insertUser(
	sql: Sql,
	user: { username: string; passwordHash: string; isAdmin: boolean; now: number }
): Promise<UserRow | undefined> {
	return sql.get<UserRow>(
		`INSERT INTO users (username, username_key, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (username_key) DO NOTHING RETURNING *`,
		[user.username, usernameKey(user.username), user.passwordHash, user.isAdmin ? 1 : 0, user.now]
	);
}

export async function listUsers(sql: Sql): Promise<UserRow[]> {
	return sql.all<UserRow>('SELECT * FROM users ORDER BY username_key');
}

export async function setUserDisabled(sql: Sql, userId: number, disabled: boolean): Promise<boolean> {
	return (await sql.run('UPDATE users SET disabled = ? WHERE id = ?', [disabled ? 1 : 0, userId])).changes === 1;
}

export async function setPasswordHash(sql: Sql, userId: number, passwordHash: string): Promise<boolean> {
	return (await sql.run('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, userId])).changes === 1;
}

/** Renames a user; false when the name is taken by another account (in any case). */
export async function setUsername(sql: Sql, userId: number, username: string): Promise<boolean> {
	return (
		(
			await sql.run(
				`UPDATE users SET username = ?, username_key = ? WHERE id = ?
			 AND NOT EXISTS (SELECT 1 FROM users WHERE username_key = ? AND id <> ?)`,
				[username, usernameKey(username), userId, usernameKey(username), userId]
			)
		).changes === 1
	);
}

export async function setUserAdmin(sql: Sql, userId: number, isAdmin: boolean): Promise<boolean> {
	return (await sql.run('UPDATE users SET is_admin = ? WHERE id = ?', [isAdmin ? 1 : 0, userId])).changes === 1;
}

export async function deleteUser(sql: Sql, userId: number): Promise<boolean> {
	return (await sql.run('DELETE FROM users WHERE id = ?', [userId])).changes === 1;
}

/**
 * The admins who can act. On PostgreSQL their rows stay locked until the transaction ends: two admins leaving at
 * once would otherwise each count the other and both go (SQLite's write transactions already run one at a time).
 */
export async function countAdmins(sql: Sql): Promise<number> {
	const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
	return (await sql.all('SELECT id FROM users WHERE is_admin = 1 AND disabled = 0' + lock)).length;
}
