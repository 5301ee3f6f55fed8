import type { Sql, Store } from '../db/sql';
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

export async function listUsersForAdmin(db: Sql): Promise<AdminUser[]> {
	return (await listUsers(db)).map(toAdminUser);
}

/** An account the admin makes with a temporary password, to hand over in person. */
export async function createUser(
	db: Store,
	request: { username: string; password: string; isAdmin: boolean; now: number }
): Promise<AdminUser> {
	const passwordHash = await hashPassword(request.password);
	return await db.transaction(async (tx) => {
		const user = await insertUser(tx, {
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
export async function updateUser(
	db: Store,
	userId: number,
	patch: { disabled?: boolean; isAdmin?: boolean },
	now: number
): Promise<void> {
	await db.transaction(async (tx) => {
		if (patch.disabled === true || patch.isAdmin === false) await ensureNotLastAdmin(tx, userId);
		else await requireUser(tx, userId);
		if (patch.isAdmin !== undefined) await setUserAdmin(tx, userId, patch.isAdmin);
		if (patch.disabled !== undefined) {
			await setUserDisabled(tx, userId, patch.disabled);
			if (patch.disabled) await revokeUserSessions(tx, userId, null, now);
		}
	});
}

export async function removeUser(db: Store, userId: number): Promise<void> {
	await db.transaction(async (tx) => {
		await ensureNotLastAdmin(tx, userId);
		await deleteUser(tx, userId);
	});
}

export async function resetPassword(db: Store, userId: number, password: string, now: number): Promise<void> {
	await requireUser(db, userId);
	const passwordHash = await hashPassword(password);
	await db.transaction(async (tx) => {
		if (!(await setPasswordHash(tx, userId, passwordHash))) throw notFound('no such user');
		await revokeUserSessions(tx, userId, null, now);
	});
}

export const serverSettings = async (db: Sql): Promise<ServerSettings> => await getServerSettings(db);

export async function changeServerSettings(db: Store, changes: Partial<ServerSettings>): Promise<ServerSettings> {
	return await db.transaction(async (tx) => await updateServerSettings(tx, changes));
}
