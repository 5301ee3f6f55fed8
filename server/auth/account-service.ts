import type { Sql, Store } from '../db/sql';
import { conflict, forbidden, notFound } from '../domain-errors';
import type { DeviceSession } from '#shared/accounts';
import type { PublicUser } from '#shared/api';
import { deviceName } from './device-name';
import { ensureNotLastAdmin } from './last-admin';
import { verifyPassword } from './passwords';
import { listActiveSessions, revokeUserSession, revokeUserSessions } from './sessions-repo';
import { deleteUser, getUser, setUsername, toPublicUser } from './users-repo';

/** Where the user is signed in: every session that still works, this one first and marked. */
export async function listDevices(
	db: Sql,
	userId: number,
	currentSessionId: number,
	now: number
): Promise<DeviceSession[]> {
	const devices = (await listActiveSessions(db, userId, now)).map((s) => ({
		id: s.id,
		device: deviceName(s.device_name, s.user_agent),
		createdAt: s.created_at,
		lastSeenAt: s.last_used_at,
		current: s.id === currentSessionId
	}));
	return devices.sort((a, b) => Number(b.current) - Number(a.current));
}

/** Signs one of the user's devices out; its next request gets 401. Another user's session is "not found". */
export async function signOutDevice(db: Store, userId: number, sessionId: number, now: number): Promise<void> {
	await db.transaction(async (tx) => {
		if (!(await revokeUserSession(tx, userId, sessionId, now))) throw notFound('no such session on your account');
	});
}

export async function signOutOtherDevices(
	db: Store,
	userId: number,
	currentSessionId: number,
	now: number
): Promise<number> {
	return await db.transaction(async (tx) => await revokeUserSessions(tx, userId, currentSessionId, now));
}

export async function changeUsername(db: Store, userId: number, username: string): Promise<PublicUser> {
	return await db.transaction(async (tx) => {
		if (!(await setUsername(tx, userId, username))) throw conflict('that username is taken');
		return toPublicUser((await getUser(tx, userId))!);
	});
}

/** Deletes the account and everything it stored (its rows cascade); asks for the password first. */
export async function deleteOwnAccount(db: Store, userId: number, password: string): Promise<void> {
	const user = await getUser(db, userId);
	if (!user || !(await verifyPassword(password, user.password_hash))) {
		throw forbidden('that is not your current password');
	}
	await db.transaction(async (tx) => {
		await ensureNotLastAdmin(tx, userId);
		await deleteUser(tx, userId);
	});
}
