import type { Db } from '../db/open';
import { conflict, notFound } from '../domain-errors';
import { countAdmins, getUser, type UserRow } from './users-repo';

export function requireUser(db: Db, userId: number): UserRow {
	const user = getUser(db, userId);
	if (!user) throw notFound('no such user');
	return user;
}

/**
 * The last active admin can't be disabled, deleted or demoted, whoever asks: nobody could administer the
 * server afterwards. Call inside the write transaction that makes the change.
 */
export function ensureNotLastAdmin(db: Db, userId: number): UserRow {
	const user = requireUser(db, userId);
	if (user.is_admin && !user.disabled && countAdmins(db) <= 1) {
		throw conflict('this is the only admin: make another user an admin first');
	}
	return user;
}
