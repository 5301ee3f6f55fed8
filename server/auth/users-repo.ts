import type { Db } from '../db/open';
import { stmt } from '../db/statements';
import type { PublicUser } from '#shared/api';

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

export function countUsers(db: Db): number {
	return stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM users').get()!.n;
}

export function findUserByUsername(db: Db, username: string): UserRow | undefined {
	return stmt<[string], UserRow>(db, 'SELECT * FROM users WHERE username_key = ?').get(usernameKey(username));
}

export function getUser(db: Db, userId: number): UserRow | undefined {
	return stmt<[number], UserRow>(db, 'SELECT * FROM users WHERE id = ?').get(userId);
}

/** Inserts a user; returns undefined when the name is taken (in any case). */
export function insertUser(
	db: Db,
	user: { username: string; passwordHash: string; isAdmin: boolean; now: number }
): UserRow | undefined {
	return stmt<[string, string, string, number, number], UserRow>(
		db,
		`INSERT INTO users (username, username_key, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (username_key) DO NOTHING RETURNING *`
	).get(user.username, usernameKey(user.username), user.passwordHash, user.isAdmin ? 1 : 0, user.now);
}

export function listUsers(db: Db): UserRow[] {
	return stmt<[], UserRow>(db, 'SELECT * FROM users ORDER BY username_key').all();
}

export function setUserDisabled(db: Db, userId: number, disabled: boolean): boolean {
	return stmt(db, 'UPDATE users SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, userId).changes === 1;
}

export function setPasswordHash(db: Db, userId: number, passwordHash: string): boolean {
	return stmt(db, 'UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId).changes === 1;
}

/** Renames a user; false when the name is taken by another account (in any case). */
export function setUsername(db: Db, userId: number, username: string): boolean {
	return (
		stmt(
			db,
			`UPDATE users SET username = ?, username_key = ? WHERE id = ?
			 AND NOT EXISTS (SELECT 1 FROM users WHERE username_key = ? AND id <> ?)`
		).run(username, usernameKey(username), userId, usernameKey(username), userId).changes === 1
	);
}

export function setUserAdmin(db: Db, userId: number, isAdmin: boolean): boolean {
	return stmt(db, 'UPDATE users SET is_admin = ? WHERE id = ?').run(isAdmin ? 1 : 0, userId).changes === 1;
}

export function deleteUser(db: Db, userId: number): boolean {
	return stmt(db, 'DELETE FROM users WHERE id = ?').run(userId).changes === 1;
}

export function countAdmins(db: Db): number {
	return stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM users WHERE is_admin = 1 AND disabled = 0').get()!.n;
}
