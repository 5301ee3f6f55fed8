import type { Db } from '../db/open';
import { writeTransaction } from '../db/version';
import { conflict, notFound } from '../http/errors';
import { hashPassword } from '../auth/passwords';
import { revokeUserSessions } from '../auth/sessions-repo';
import { countAdmins, deleteUser, getUser, listUsers, setPasswordHash, setUserDisabled } from '../auth/users-repo';

export interface AdminUserView {
	id: number;
	username: string;
	isAdmin: boolean;
	disabled: boolean;
	createdAt: number;
}

export function listUsersForAdmin(db: Db): AdminUserView[] {
	return listUsers(db).map((u) => ({
		id: u.id,
		username: u.username,
		isAdmin: u.is_admin === 1,
		disabled: u.disabled === 1,
		createdAt: u.created_at
	}));
}

function requireUser(db: Db, userId: number) {
	const user = getUser(db, userId);
	if (!user) throw notFound('no such user');
	return user;
}

/** The last active admin can't be disabled or deleted: nobody could administer the server afterwards. */
function ensureNotLastAdmin(db: Db, userId: number): void {
	const user = requireUser(db, userId);
	if (user.is_admin && !user.disabled && countAdmins(db) <= 1) throw conflict('this is the only admin');
}

/** Disabling signs the user out everywhere: their sessions are no longer valid, so their devices get 401. */
export function setDisabled(db: Db, userId: number, disabled: boolean, now: number): void {
	writeTransaction(db, () => {
		if (disabled) ensureNotLastAdmin(db, userId);
		else requireUser(db, userId);
		setUserDisabled(db, userId, disabled);
		if (disabled) revokeUserSessions(db, userId, null, now);
	});
}

export function removeUser(db: Db, userId: number): void {
	writeTransaction(db, () => {
		ensureNotLastAdmin(db, userId);
		deleteUser(db, userId);
	});
}

export async function resetPassword(db: Db, userId: number, password: string, now: number): Promise<void> {
	requireUser(db, userId);
	const passwordHash = await hashPassword(password);
	writeTransaction(db, () => {
		if (!setPasswordHash(db, userId, passwordHash)) throw notFound('no such user');
		revokeUserSessions(db, userId, null, now);
	});
}
