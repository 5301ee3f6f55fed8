import type { Sql } from '../db/sql';
import { conflict, notFound } from '../domain-errors';
import { countAdmins, getUser, type UserRow } from './users-repo';

export async function requireUser(db: Sql, userId: number): Promise<UserRow> {
	const user = await getUser(db, userId);
	if (!user) throw notFound('no such user');
	return user;
}

/**
 * The last active admin can't be disabled, deleted or demoted, whoever asks: nobody could administer the
 * server afterwards. Call inside the write transaction that makes the change.
 */
export async function ensureNotLastAdmin(db: Sql, userId: number): Promise<UserRow> {
	const user = await requireUser(db, userId);
	if (user.is_admin && !user.disabled && (await countAdmins(db)) <= 1) {
		throw conflict('this is the only admin: make another user an admin first');
	}
	return user;
}
