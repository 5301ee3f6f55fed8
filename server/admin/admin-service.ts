import type { Db } from '../db/open';
import { writeTransaction } from '../db/version';
import { conflict, notFound } from '../domain-errors';
import type { AdminUser } from '#shared/accounts';
import { ensureNotLastAdmin, requireUser } from '../auth/last-admin';
import { hashPassword } from '../auth/passwords';
import { revokeUserSessions } from '../auth/sessions-repo';
import { getServerSettings, updateServerSettings, type ServerSettings } from './settings-repo';
import {
	deleteUser,
	insertUser,
	listUsers,
	setPasswordHash,
	setUserAdmin,
	setUserDisabled,
	type UserRow
} from '../auth/users-repo';

function toAdminUser(u: UserRow): AdminUser {
	return {
		id: u.id,
		username: u.username,
		isAdmin: u.is_admin === 1,
		disabled: u.disabled === 1,
		createdAt: u.created_at
	};
}

export function listUsersForAdmin(db: Db): AdminUser[] {
	return listUsers(db).map(toAdminUser);
}

/** An account the admin makes with a temporary password, to hand over in person. */
export async function createUser(
	db: Db,
	request: { username: string; password: string; isAdmin: boolean; now: number }
): Promise<AdminUser> {
	const passwordHash = await hashPassword(request.password);
	return writeTransaction(db, () => {
		const user = insertUser(db, {
			username: request.username,
			passwordHash,
			isAdmin: request.isAdmin,
			now: request.now
		});
		if (!user) throw conflict('that username is taken');
		return toAdminUser(user);
	});
}

/**
 * Disabling signs the user out everywhere: their sessions are no longer valid, so their devices get 401.
 * Taking admin rights away keeps their sessions: they stay signed in as a normal user.
 */
export function updateUser(
	db: Db,
	userId: number,
	patch: { disabled?: boolean; isAdmin?: boolean },
	now: number
): void {
	writeTransaction(db, () => {
		if (patch.disabled === true || patch.isAdmin === false) ensureNotLastAdmin(db, userId);
		else requireUser(db, userId);
		if (patch.isAdmin !== undefined) setUserAdmin(db, userId, patch.isAdmin);
		if (patch.disabled !== undefined) {
			setUserDisabled(db, userId, patch.disabled);
			if (patch.disabled) revokeUserSessions(db, userId, null, now);
		}
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

export const serverSettings = (db: Db): ServerSettings => getServerSettings(db);

export function changeServerSettings(db: Db, changes: Partial<ServerSettings>): ServerSettings {
	return writeTransaction(db, () => updateServerSettings(db, changes));
}
